package com.smtpprovider

import kotlin.reflect.full.memberProperties
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/** What every test reads off an error, whatever its variant. */
data class ErrorSeen(val kind: String, val status: Int?, val retryAfterMs: Long?, val text: String)

/**
 * The variant's name and fields. Every variant has the same fields, but Kotlin sees them on each
 * subclass (uniffi declares none on the sealed base), so the tests read them by name.
 */
fun SmtpProviderException.seen(): ErrorSeen {
    fun field(name: String): Any? = this::class.memberProperties.first { it.name == name }.getter.call(this)
    val status = field("status") as UShort?
    val retryAfter = field("retryAfterMs") as ULong?
    return ErrorSeen(
        kind = this::class.simpleName!!,
        status = status?.toInt(),
        retryAfterMs = retryAfter?.toLong(),
        text = "${field("detail")}",
    )
}

fun parseJson(text: String): JsonElement = Json.parseToJsonElement(text)

/** A sandbox with the test settings: rate limiting off (the default), a free port. */
fun startSandbox(): TestSandbox = TestSandbox()

/** snake_case table names as uniffi writes them in Kotlin: `toggle_pause` → `togglePause`. */
fun camel(name: String): String =
    name.split('_').mapIndexed { i, part -> if (i == 0) part else part.replaceFirstChar { it.uppercase() } }
        .joinToString("")
