package com.smtpprovider

import com.smtpprovider.testing.*
import java.net.ServerSocket
import java.time.Duration
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Every error kind of the core, raised for real and caught as its own exception class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private val sandbox = startSandbox()
    private val noRetries = ClientOptions(baseUrl = sandbox.baseUrl(), maxRetries = 0u)

    @AfterAll
    fun stop() = sandbox.stop()

    private fun client(options: ClientOptions = noRetries) = runBlocking { sandbox.client(options = options) }

    @Test
    fun authentication() = runBlocking {
        val error = assertThrows<SmtpProviderException.Authentication> {
            runBlocking { Client.login("demo@example.com", "wrong-password", noRetries) }
        }
        assertEquals(401, error.seen().status)
        assertTrue(error.message!!.contains("Invalid email or password"), error.message)
        assertEquals(com.smtpprovider.models.ErrorKind.AUTHENTICATION, error.details.kind)
    }

    @Test
    fun wrongUser() = runBlocking {
        val demo = client()
        sandbox.createUser("other@example.com", "other-password", null)
        val other = Client.login("other@example.com", "other-password", noRetries)
        val mixed = Client(other.token()!!, demo.userId()!!, noRetries)
        val error = assertThrows<SmtpProviderException.WrongUser> { runBlocking { mixed.domains().list() } }
        assertEquals(403, error.seen().status)
        assertEquals("domains.list", error.details.endpoint)
    }

    @Test
    fun validation() = runBlocking {
        val client = client()
        client.domains().add("taken.example")
        val error = assertThrows<SmtpProviderException.Validation> { runBlocking { client.domains().add("taken.example") } }
        assertEquals(422, error.seen().status)
        assertTrue(error.details.messages.any { it.contains("already been taken") }, "${error.details.messages}")
    }

    @Test
    fun notFound() = runBlocking {
        val error = assertThrows<SmtpProviderException.NotFound> { runBlocking { client().templates().get(9999uL) } }
        assertEquals(404, error.seen().status)
    }

    @Test
    fun rateLimited() = runBlocking {
        // Unpaced, so that the server's own 429 comes back (a paced client waits for the window).
        val client = client(noRetries.copy(paceRequests = false))
        sandbox.setRateLimit(1u)
        try {
            client.domains().list()
            val error = assertThrows<SmtpProviderException.RateLimited> { runBlocking { client.domains().list() } }
            assertEquals(429, error.seen().status)
            assertNotNull(error.details.retryAfter, "the API's Retry-After")
            assertEquals("1", error.details.headers["x-ratelimit-limit"])
        } finally {
            sandbox.setRateLimit(0u)
        }
    }

    @Test
    fun server() = runBlocking {
        sandbox.addFault("""{"path": "/v1/smtp-domain-list", "kind": "status", "status": 503}""")
        val error = assertThrows<SmtpProviderException.Server> { runBlocking { client().domains().list() } }
        assertEquals(503, error.seen().status)
    }

    @Test
    fun timeout() = runBlocking {
        sandbox.addFault("""{"path": "/v1/smtp-domain-list", "kind": "delay", "delay_ms": 1500}""")
        val quick = client(noRetries.copy(timeout = Duration.ofMillis(200)))
        assertThrows<SmtpProviderException.Timeout> { runBlocking { quick.domains().list() } }
        Unit
    }

    @Test
    fun connection() = runBlocking {
        // A port nothing listens on: connection refused.
        val port = ServerSocket(0).use { it.localPort }
        val nowhere = Client("1|token", 1uL, ClientOptions(baseUrl = "http://127.0.0.1:$port/api", maxRetries = 0u))
        assertThrows<SmtpProviderException.Connection> { runBlocking { nowhere.domains().list() } }
        sandbox.addFault("""{"path": "/v1/smtp-domain-list", "kind": "drop"}""")
        assertThrows<SmtpProviderException.Connection> { runBlocking { client().domains().list() } }
        Unit
    }

    @Test
    fun decode() = runBlocking {
        sandbox.addFault(
            """{"path": "/v1/smtp-domain-list", "kind": "status", "status": 200,
               "body": {"success": true, "data": {"domains": [{"id": 1}]}}}""",
        )
        val error = assertThrows<SmtpProviderException.Decode> { runBlocking { client().domains().list() } }
        assertTrue(error.message!!.contains("domain_name"), error.message)
    }

    @Test
    fun invalidInput() = runBlocking {
        val client = client()
        val error = assertThrows<SmtpProviderException.InvalidInput> { runBlocking { client.domains().add("not a hostname") } }
        assertEquals(null, error.seen().status, "nothing was sent")
        assertThrows<SmtpProviderException.InvalidInput> { runBlocking { client.templates().get(0uL) } }
        assertThrows<SmtpProviderException.InvalidInput> { runBlocking { client.mail().sendWelcome("a@b.co", "Shop", "Hi", null) } }
        assertThrows<SmtpProviderException.InvalidInput> { runBlocking { client.callJson("domains.frobnicate", "{}") } }
        assertThrows<SmtpProviderException.InvalidInput> { runBlocking { client.callJson("domains.list", "not json") } }
        Unit
    }

    @Test
    fun `a client needs a base URL from its options or the environment`() {
        // The test JVM runs without SMTPPROVIDER_BASE_URL.
        val error = assertThrows<SmtpProviderException.InvalidInput> { Client("1|token", 1uL) }
        assertTrue(error.message!!.contains("SMTPPROVIDER_BASE_URL"), error.message)
    }
}
