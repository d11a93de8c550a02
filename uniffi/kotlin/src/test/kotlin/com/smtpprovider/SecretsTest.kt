package com.smtpprovider

import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Neither a token nor a password shows anywhere. A child JVM ([SecretsSession]) runs the shared
 * scenarios (which log in, make every call of the endpoint table and end in every error kind) with
 * `SMTPPROVIDER_LOG=trace`, the most verbose level: Kotlin has no one logging system the SDK could
 * forward to, so the core writes every `tracing` event of the process (its own, reqwest's,
 * hyper's, the in-process sandbox's) to stderr, which the test reads whole. A child, because the
 * variable is read once, when the library's runtime starts, and the suite's JVM started it long
 * ago without it. The child prints the `toString()`, message and stack trace of every client,
 * result and error it saw; both are searched for every token and password.
 */
class SecretsTest {
    @Test
    fun `no token or password in the TRACE log, errors or toString`() {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val properties = listOf("smtpprovider.scenarios").map { "-D$it=${System.getProperty(it)}" }
        val command = listOf(java, "-cp", System.getProperty("java.class.path")) + properties + SecretsSession::class.java.name
        val (stdout, stderr) = File.createTempFile("secrets", ".out") to File.createTempFile("secrets", ".err")
        try {
            val child = ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr)
                .apply { environment()["SMTPPROVIDER_LOG"] = "trace" }.start()
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the session finished")
            val logs = stderr.readLines()
            assertEquals(0, child.exitValue(), logs.takeLast(40).joinToString("\n"))
            val seen = parseJson(stdout.readText()).jsonObject
            fun list(name: String) = seen[name]!!.jsonArray.map { it.jsonPrimitive.content }
            val (texts, tokens, calls, kinds) = listOf("texts", "tokens", "calls", "kinds").map(::list)

            assertEquals(emptyList<String>(), endpoints().map { it.id }.filter { it !in calls }, "calls no scenario made")
            assertEquals(10, kinds.toSet().size, "error kinds seen: ${kinds.toSet()}")
            assertTrue(logs.any { " TRACE " in it }, "nothing at TRACE was logged")
            assertTrue(logs.any { "endpoint=\"campaigns.update\"" in it }, "the calls were not logged")
            assertTrue(tokens.size >= 4 && tokens.all { '|' in it }, "$tokens")
            // The whole token, and its secret half alone (the part before "|" is only its id). A
            // password too short to be told from other text ("x", for a rejected login) is not searched for.
            val secrets = list("passwords").filter { it.length >= 8 }.toSet() + tokens + tokens.map { it.substringAfter('|') }
            for ((where, lines) in listOf("log lines" to logs, "errors and toString" to texts)) {
                for (secret in secrets) {
                    assertEquals(null, lines.firstOrNull { secret in it }?.take(300), "a secret is in the $where")
                }
            }
            println(
                "secrets kotlin: ${logs.size} log lines, ${texts.size} texts, ${calls.toSet().size} calls, " +
                    "${kinds.toSet().size} error kinds, ${secrets.size} secrets; none found",
            )
        } finally {
            stdout.delete()
            stderr.delete()
        }
    }
}

/** The child: runs every scenario file, then prints what it saw as JSON on stdout. */
object SecretsSession {
    private val PASSWORD = Regex(""""password"\s*:\s*"([^"]*)"""")

    @JvmStatic
    fun main(args: Array<String>) {
        val texts = mutableListOf<String>()
        val tokens = mutableListOf<String>()
        val calls = mutableListOf<String>()
        val kinds = mutableListOf<String>()
        val passwords = mutableListOf<String>()
        for (file in scenarioFiles()) {
            ScenarioRun(file) { call, outcome ->
                calls += call
                texts += outcome.toString()
                when (outcome) {
                    is SmtpProviderException -> {
                        kinds += outcome.seen().kind
                        texts += listOf("${outcome.message}", outcome.stackTraceToString(), "${outcome.seen()}")
                    }
                    is Client -> {
                        tokens += outcome.token()!!
                        texts += listOf("${outcome.user()}", "${outcome.domains()}", "${outcome.campaigns()}")
                    }
                }
            }.run()
            passwords += PASSWORD.findAll(file.readText()).map { it.groupValues[1] }
        }
        fun array(items: List<String>) = JsonArray(items.map(::JsonPrimitive))
        val seen = buildJsonObject {
            put("texts", array(texts)); put("tokens", array(tokens)); put("calls", array(calls))
            put("kinds", array(kinds)); put("passwords", array(passwords))
        }
        println(seen)
    }
}
