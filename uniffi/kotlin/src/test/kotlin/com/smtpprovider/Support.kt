package com.smtpprovider

import com.smtpprovider.testing.*
import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/** What every test reads off an error, whatever its variant. */
data class ErrorSeen(val kind: String, val status: Int?, val retryAfterMs: Long?, val text: String)

/** The variant's name and what the tests compare of its details. */
fun SmtpProviderException.seen(): ErrorSeen = ErrorSeen(
    kind = this::class.simpleName!!,
    status = details.status?.toInt(),
    retryAfterMs = details.retryAfter?.toMillis(),
    text = details.detail,
)

fun parseJson(text: String): JsonElement = Json.parseToJsonElement(text)

/** A sandbox with the test settings: rate limiting off (the default), a free port. */
fun startSandbox(): TestSandbox = TestSandbox()

/** snake_case table names as uniffi writes them in Kotlin: `toggle_pause` → `togglePause`. */
fun camel(name: String): String =
    name.split('_').mapIndexed { i, part -> if (i == 0) part else part.replaceFirstChar { it.uppercase() } }
        .joinToString("")

/**
 * Runs `mainClass` in a child JVM (same java, same classpath, so the same native libraries) with `environment`
 * added to this one's (a `null` value removes the variable), for what a JVM cannot change in
 * itself: its environment. `launcher`, when given, runs the JVM (`with-system-ca.sh CA_PEM`).
 * Returns what the child printed, once it exited with 0.
 */
fun runChildJvm(
    mainClass: String,
    environment: Map<String, String?>,
    vararg args: String,
    launcher: List<String> = emptyList(),
): String {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val child = ProcessBuilder(
        launcher + listOf(
            java, "-cp", System.getProperty("java.class.path"),
            mainClass,
        ) + args,
    ).redirectErrorStream(true)
    child.environment().apply {
        for ((name, value) in environment) if (value == null) remove(name) else put(name, value)
    }
    val process = child.start()
    val output = process.inputStream.bufferedReader().readText()
    check(process.waitFor(60, TimeUnit.SECONDS)) { "the child JVM hung" }
    check(process.exitValue() == 0) { "the child JVM failed: $output" }
    return output
}
