package com.smtpprovider

import com.smtpprovider.testing.*
import java.io.File
import java.time.Duration
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * The fault matrix (`tests/faults/cases.json`, format in its README): every case, for GET and for
 * POST, against the hostile server. Each run must end with the expected outcome (a result, or the
 * exception of the expected kind with its status), after exactly the requests the server expects,
 * within the call's deadline; and the process must still make calls afterwards. The runs all
 * happen at once (coroutines), so the matrix takes as long as its slowest case; each is then its
 * own test. The core, Python and Node suites run the same file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {
    private val text = File(System.getProperty("smtpprovider.faults") ?: error("-Dsmtpprovider.faults is not set")).readText()
    private val file = parseJson(text).jsonObject
    private val server = TestHostileServer(text)

    @AfterAll
    fun stop() = server.stop()

    private data class Seen(val outcome: String, val status: Int?, val attempts: Int, val elapsedMs: Long)

    /** The case file's client options as this binding's (times are milliseconds in both). */
    private fun options(baseUrl: String, client: JsonObject): ClientOptions {
        val unknown = client.keys - setOf("timeout_ms", "deadline_ms", "max_retries", "retry_non_idempotent", "max_response_bytes")
        check(unknown.isEmpty()) { "client options this runner does not know: $unknown" }
        return ClientOptions(
            baseUrl = baseUrl,
            timeout = client["timeout_ms"]?.jsonPrimitive?.long?.let(Duration::ofMillis),
            deadline = client["deadline_ms"]?.jsonPrimitive?.long?.let(Duration::ofMillis),
            maxRetries = client["max_retries"]?.jsonPrimitive?.int?.toUInt(),
            retryNonIdempotent = client["retry_non_idempotent"]?.jsonPrimitive?.boolean,
            maxResponseBytes = client["max_response_bytes"]?.jsonPrimitive?.long?.toULong(),
        )
    }

    private suspend fun run(case: JsonObject, method: String): Seen {
        val name = case["name"]!!.jsonPrimitive.content
        val runName = method.lowercase()
        val options = options(server.baseUrl(name, runName), case["client"]!!.jsonObject)
        val client = Client(file["token"]!!.jsonPrimitive.content, file["user_id"]!!.jsonPrimitive.long.toULong(), options)
        val call = file["calls"]!!.jsonObject[method]!!.jsonObject
        val started = System.nanoTime()
        val error = try {
            client.callJson(call["call"]!!.jsonPrimitive.content, call["args"].toString())
            null
        } catch (raised: SmtpProviderException) {
            raised.seen()
        }
        val elapsedMs = (System.nanoTime() - started) / 1_000_000
        client.close()
        return Seen(error?.kind ?: "ok", error?.status, server.stats(name, runName).requests.toInt(), elapsedMs)
    }

    @TestFactory
    fun `every fault case ends as the case file says, for GET and POST`(): List<DynamicTest> {
        val cases = file["cases"]!!.jsonArray.map { it.jsonObject }
        val runs = cases.flatMap { case -> case["expect"]!!.jsonObject.keys.map { case to it } }
        assertEquals(2 * cases.size, runs.size, "every case runs for GET and POST")
        val seen = runBlocking { runs.map { (case, method) -> async { run(case, method) } }.awaitAll() }
        val slack = file["slack_ms"]!!.jsonPrimitive.long
        return runs.zip(seen).map { (run, got) ->
            val (case, method) = run
            DynamicTest.dynamicTest("${case["name"]!!.jsonPrimitive.content} $method") {
                val expected = case["expect"]!!.jsonObject[method]!!.jsonObject
                val where = "${case["name"]} $method: $got"
                assertEquals(expected["outcome"]!!.jsonPrimitive.content, got.outcome, where)
                assertEquals(expected["attempts"]!!.jsonPrimitive.int, got.attempts, where)
                expected["status"]?.let { assertEquals(it.jsonPrimitive.int, got.status, where) }
                val bounds = listOf(case["client"]!!.jsonObject["deadline_ms"], expected["max_elapsed_ms"])
                for (bound in bounds.filterNotNull()) {
                    assertTrue(got.elapsedMs <= bound.jsonPrimitive.long + slack, where)
                }
                assertTrue(got.elapsedMs >= (expected["min_elapsed_ms"]?.jsonPrimitive?.long ?: 0L), where)
            }
        }
    }

    @Test
    fun `the process still makes calls after the matrix`() = runBlocking {
        val client = Client("1|t", 1uL, ClientOptions(baseUrl = server.baseUrl("ok", "alive")))
        assertEquals("[]", client.callJson("domains.list", "{}"))
        client.close()
        assertEquals(1u, server.stats("ok", "alive").requests)
    }

    @Test
    fun `any error's details carry the refused redirect's location and a non-JSON body's excerpt`() = runBlocking {
        val cases = file["cases"]!!.jsonArray.map { it.jsonObject }.associateBy { it["name"]!!.jsonPrimitive.content }
        suspend fun failure(name: String, method: String): SmtpProviderException {
            val case = cases.getValue(name)
            val options = options(server.baseUrl(name, "details_${method.lowercase()}"), case["client"]!!.jsonObject)
            val client = Client(file["token"]!!.jsonPrimitive.content, file["user_id"]!!.jsonPrimitive.long.toULong(), options)
            val call = file["calls"]!!.jsonObject[method]!!.jsonObject
            return assertThrows<SmtpProviderException> {
                runBlocking { client.callJson(call["call"]!!.jsonPrimitive.content, call["args"].toString()) }
            }.also { client.close() }
        }
        // `details` on the sealed base (codegen's accessor), whichever subclass was thrown.
        val moved = failure("redirect_other_host", "GET").details
        assertEquals(com.smtpprovider.models.ErrorKind.SERVER, moved.kind)
        assertTrue(moved.location!!.endsWith("/v1/moved"), "$moved")
        assertEquals(null, moved.bodyExcerpt)
        val page = failure("html_502", "POST").details
        assertTrue(page.bodyExcerpt!!.contains("502 Bad Gateway"), "$page")
        assertEquals(null, page.location)
    }

    @Test
    fun `an unknown case or a malformed case file is refused`() {
        val unknown = assertThrows<SandboxException.Refused> { server.baseUrl("no_such_case", "get") }
        assertEquals(404.toUShort(), unknown.status)
        val malformed = """{"ok_response": {"status": 200}, "cases": [{"name": "a", "server": {}}]}"""
        assertThrows<SandboxException.Refused> { TestHostileServer(malformed) }
    }
}
