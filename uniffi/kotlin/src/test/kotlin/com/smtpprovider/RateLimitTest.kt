package com.smtpprovider

import com.smtpprovider.testing.*
import java.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * Pacing under the rate limit, against a sandbox throttled to 10 calls per 1.5 s window:
 * coroutines sharing a client end at the floor without one 429 in the sandbox's log, a call whose
 * deadline would pass while waiting fails at once with nothing sent, and the rate-limit state is
 * readable on the client and on the error, and the last answer on the client that made the call.
 */
class RateLimitTest {
    private val limit = 10
    private val window: Duration = Duration.ofMillis(1500)

    private fun <T> throttled(test: suspend CoroutineScope.(TestSandbox) -> T): T {
        val sandbox = TestSandbox(SandboxOptions(rateLimitPerMinute = limit.toUInt(), rateLimitWindow = window))
        try {
            return runBlocking { test(sandbox) }
        } finally {
            sandbox.stop()
        }
    }

    private fun apiStatuses(sandbox: TestSandbox): List<Int?> =
        parseJson(sandbox.requests(null)).jsonArray
            .map { it.jsonObject }
            .filterNot { it["path"]!!.jsonPrimitive.content.endsWith("/smtp-token-generate") }
            .map { it["status"]!!.jsonPrimitive.intOrNull }

    @Test
    fun `concurrent calls end at the floor without a 429`() = throttled { sandbox ->
        val client = sandbox.client(options = ClientOptions(rateLimitWindow = window))
        val calls = 35
        val started = System.nanoTime()
        (1..calls).map { async { client.domains().list() } }.awaitAll()
        val elapsedMs = (System.nanoTime() - started) / 1_000_000
        assertEquals(List(calls) { 200 }, apiStatuses(sandbox))
        val floorMs = window.toMillis() * ((calls - 1) / limit)
        assertTrue(elapsedMs >= floorMs && elapsedMs < floorMs + window.toMillis(), "$elapsedMs ms against the floor $floorMs ms")
        val state = client.rateLimit()!!
        assertEquals(limit.toUInt(), state.limit)
        assertTrue(state.reset != null)
    }

    @Test
    fun `a deadline shorter than the wait fails at once with nothing sent`() = throttled { sandbox ->
        val client = sandbox.client(options = ClientOptions(rateLimitWindow = window))
        repeat(limit) { client.domains().list() }
        sandbox.clearRequests()
        val started = System.nanoTime()
        val error = assertThrows<SmtpProviderException.RateLimited> {
            runBlocking { client.withOptions(RequestOptions(deadline = Duration.ofMillis(200))).domains().list() }
        }
        assertTrue((System.nanoTime() - started) / 1_000_000 < 150, "at once")
        assertTrue(error.details.retryAfter!! > Duration.ZERO)
        assertEquals(0u, error.details.rateLimit!!.remaining)
        assertThrows<SmtpProviderException.RateLimited> {
            runBlocking { client.withOptions(RequestOptions(waitForRateLimit = false)).domains().list() }
        }
        assertEquals(emptyList<Int?>(), apiStatuses(sandbox))
        client.domains().list() // the default waits for the window
        assertEquals(listOf(200), apiStatuses(sandbox))
    }

    @Test
    fun `the last answer is readable on the client that made the call`() = throttled { sandbox ->
        val client = sandbox.client(options = ClientOptions(rateLimitWindow = window))
        assertEquals(null, client.lastResponse())
        client.domains().list()
        val listed = client.lastResponse()!!
        assertEquals("domains.list" to 200.toUShort(), listed.endpoint to listed.status)
        assertEquals(limit.toString(), listed.headers["x-ratelimit-limit"])
        assertEquals(limit.toUInt(), listed.rateLimit!!.limit)
        assertEquals(listed.headers["x-ratelimit-remaining"], listed.rateLimit!!.remaining.toString())

        val own = client.withOptions(RequestOptions())
        assertEquals(null, own.lastResponse(), "a withOptions client keeps its own")
        val error = assertThrows<SmtpProviderException.NotFound> {
            runBlocking { own.templates().get(999_999u) }
        }
        val missing = own.lastResponse()!!
        assertEquals("templates.get" to 404.toUShort(), missing.endpoint to missing.status)
        assertEquals(error.details.headers, missing.headers)
        assertEquals("domains.list", client.lastResponse()!!.endpoint, "the client's own is unchanged")
    }
}
