package com.smtpprovider

import com.smtpprovider.testing.*
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Concurrency, cancellation, closing and collecting from other threads, and panics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleTest {
    private val sandbox = startSandbox()

    @AfterAll
    fun stop() = sandbox.stop()

    @Test
    fun `100 concurrent coroutines share one client`() = runBlocking {
        val client = sandbox.client()
        val lists = (1..100).map { i -> async(Dispatchers.Default) { client.mailingLists().add("list $i") } }.awaitAll()
        assertEquals(100, lists.map { it.id }.toSet().size, "each call got its own answer")
        assertEquals(100, client.mailingLists().list().size)
        val reads = (1..100).map { async(Dispatchers.IO) { client.templates().defaults().size } }.awaitAll()
        assertEquals(List(100) { 3 }, reads)
    }

    @Test
    fun `cancelling a coroutine cancels its request`() = runBlocking {
        val client = sandbox.client()
        // The sandbox holds the POST for 1.5 s before handling it.
        sandbox.addFault("""{"path": "/v1/smtp-mailing-add", "kind": "delay", "delay_ms": 1500}""")
        val started = TimeSource.Monotonic.markNow()
        val call = launch(Dispatchers.Default) { client.mailingLists().add("never created") }
        delay(300)
        call.cancel()
        call.join()
        assertTrue(call.isCancelled)
        assertTrue(started.elapsedNow() < 1000.milliseconds, "cancel did not wait for the delay")
        // The Rust future was dropped and its connection closed, so the sandbox never handled the
        // request: after the delay has passed, no list exists.
        delay(2000)
        assertEquals(emptyList<String>(), client.mailingLists().list().map { it.name }.filter { it == "never created" })
    }

    @Test
    fun `a timeout around a call cancels it`() = runBlocking {
        val client = sandbox.client()
        sandbox.addFault("""{"path": "/v1/smtp-template-index", "kind": "delay", "delay_ms": 5000}""")
        val started = TimeSource.Monotonic.markNow()
        assertThrows<CancellationException> { runBlocking { withTimeout(300) { client.templates().list() } } }
        assertTrue(started.elapsedNow() < 2500.milliseconds)
        sandbox.clearFaults()
    }

    @Test
    fun `clients are closed and collected from other threads without a hang`() = runBlocking {
        val clients = (1..20).map { sandbox.client() }
        val resources = clients.map { it.domains() }
        // Close half from plain threads while the others are in flight, and drop the rest for the GC.
        val inFlight = resources.drop(10).map { async(Dispatchers.IO) { it.list() } }
        val closers = clients.take(10).mapIndexed { i, client ->
            Thread { resources[i].close(); client.close() }.apply { start() }
        }
        closers.forEach { it.join(5000); assertTrue(!it.isAlive, "close returned") }
        inFlight.awaitAll()
        withTimeout(10_000) {
            repeat(5) { System.gc(); delay(50) }
        }
        // A closed object refuses calls instead of crashing.
        assertThrows<IllegalStateException> { runBlocking { clients.first().domains() } }
        Unit
    }

    @Test
    fun `a Rust panic surfaces as a Kotlin exception`() = runBlocking {
        // The testing library's hook (the SDK's library has none): uniffi's catch, the same in both.
        val error = assertThrows<com.smtpprovider.testing.InternalException> {
            runBlocking { sandbox.panicForTest("on purpose") }
        }
        assertTrue(error.message!!.contains("on purpose"), error.message)
        // The library is still usable after it.
        assertEquals(3, sandbox.client().templates().defaults().size)
    }

    @Test
    fun `a sandbox started with a rate limit applies it`() = runBlocking {
        val limited = TestSandbox(SandboxOptions(rateLimitPerMinute = 1u))
        try {
            // Unpaced, so that the server's own 429 comes back (a paced client waits for the window).
            val client = limited.client(options = ClientOptions(maxRetries = 0u, paceRequests = false))
            client.domains().list()
            assertThrows<SmtpProviderException.RateLimited> { runBlocking { client.domains().list() } }
            Unit
        } finally {
            limited.stop()
        }
    }

    @Test
    fun `a stopped sandbox refuses instead of hanging`() {
        val other = startSandbox()
        other.stop()
        other.stop()
        assertThrows<SandboxException.Unavailable> { other.baseUrl() }
        other.close()
    }
}
