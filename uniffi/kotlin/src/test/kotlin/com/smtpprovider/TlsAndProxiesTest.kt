package com.smtpprovider

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * TLS and proxies with real servers ([RealServers]): nginx with a test CA in front of a sandbox,
 * tinyproxy (plain and behind TLS) and microsocks, whose logs show what they relayed. The same
 * cases as the Rust core's tests/tls.rs and tests/proxies.rs, through this binding's options; the
 * proxy variables are set for a child JVM ([callsInChild]), since a JVM cannot set its own
 * environment.
 */
class TlsAndProxiesTest {
    private lateinit var servers: RealServers

    @BeforeEach
    fun start() {
        servers = RealServers()
    }

    @AfterEach
    fun stop() = servers.close()

    private fun trusting(url: String, proxy: String? = null) =
        ClientOptions(baseUrl = url, rootCertificates = servers.caPem, proxy = proxy)

    @Test
    fun `a certificate from an added root is trusted`() = runBlocking {
        twoCalls(trusting(servers.url("trusted")))
    }

    /** A GET (which connection failures would retry) to `server` fails with `Connection`, saying
     * `reason`, after a single handshake. */
    private fun refused(server: String, reason: String) {
        val client = Client("1|not-used", 1uL, trusting(servers.url(server)).copy(maxRetries = 2u))
        val error = assertThrows<SmtpProviderException.Connection> { runBlocking { client.domains().list() } }
        assertTrue(error.message!!.contains(reason), error.message)
        assertEquals(1, servers.failedHandshakes(server))
    }

    @Test
    fun `a certificate from an unknown CA is refused once`() =
        refused("untrusted", "is not signed by a trusted certificate authority")

    @Test
    fun `an expired certificate is refused once`() = refused("expired", "has expired")

    @Test
    fun `a certificate for another host is refused once`() = refused("wrong_host", "is not valid for the host name")

    @Test
    fun `plain http to a host that is not loopback needs the opt-in`() = runBlocking {
        // api.smtp.test is reachable only through the proxy, which relays it to the sandbox.
        val throughProxy = ClientOptions(baseUrl = servers.plainHttpUrl, proxy = servers.proxyUrl)
        val error = assertThrows<SmtpProviderException.InvalidInput> {
            runBlocking { Client.login(DEMO_EMAIL, DEMO_PASSWORD, throughProxy) }
        }
        assertTrue(error.message!!.contains("allow_insecure_http"), error.message)
        assertEquals(emptyList<String>(), servers.proxyRequests(), "nothing was sent")
        twoCalls(throughProxy.copy(allowInsecureHttp = true))
        val requests = servers.proxyRequests()
        assertTrue(requests[0].startsWith("POST http://api.smtp.test/api/smtp-token-generate "), "$requests")
        assertEquals(2, requests.size, "$requests")
    }

    @Test
    fun `the proxy option tunnels https through the proxy`() = runBlocking {
        twoCalls(trusting(servers.url("trusted"), proxy = servers.proxyUrl))
        assertEquals(listOf(servers.tunnelTo("trusted")), servers.proxyRequests(), "one connection for both calls")
    }

    /**
     * One child JVM (they are slow to start) with `HTTPS_PROXY`, `HTTP_PROXY` and
     * `NO_PROXY=127.0.0.1` makes two calls at each URL in turn; the proxy's log then shows each
     * variable at work, in that order.
     */
    @Test
    fun `HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment are honoured`() {
        val environment = mapOf(
            "HTTPS_PROXY" to servers.proxyUrl,
            "HTTP_PROXY" to servers.proxyUrl,
            "NO_PROXY" to "127.0.0.1",
        )
        val urls = listOf(
            servers.ipUrl("trusted"), // NO_PROXY: reached directly, not in the log
            servers.url("trusted"), // HTTPS_PROXY: one tunnel
            servers.plainHttpUrl, // HTTP_PROXY: both requests, in full
        )
        assertEquals(List(3) { CALLS_OK }, callsInChild(environment, urls, rootPemPath = servers.caPemPath))
        val requests = servers.proxyRequests()
        assertEquals(3, requests.size, "$requests")
        assertEquals(servers.tunnelTo("trusted"), requests[0], "$requests")
        assertTrue(requests[1].startsWith("POST http://api.smtp.test/api/smtp-token-generate "), "$requests")
        assertTrue(requests[2].startsWith("GET http://api.smtp.test/api/v1/smtp-domain-list?"), "$requests")
    }

    /** ALL_PROXY naming the SOCKS proxy carries HTTPS; `socks5h`: the proxy is given the name. */
    @Test
    fun `ALL_PROXY with a socks5h proxy carries https, the proxy resolving the name`() {
        val outcomes = callsInChild(
            mapOf("ALL_PROXY" to servers.socksProxyUrl),
            listOf(servers.url("trusted")),
            rootPemPath = servers.caPemPath,
        )
        assertEquals(listOf(CALLS_OK), outcomes)
        assertEquals(listOf(servers.authority("trusted")), servers.socksConnections().distinct())
        assertEquals(emptyList<String>(), servers.proxyRequests(), "not the HTTP proxy")
    }

    /** The proxy option with `socks5://`: the client resolves the name and gives the proxy an
     * address. */
    @Test
    fun `the proxy option speaks socks5, the name resolved here`() = runBlocking {
        val socks5 = servers.socksProxyUrl.replace("socks5h://", "socks5://")
        twoCalls(trusting(servers.url("trusted"), proxy = socks5))
        val port = servers.authority("trusted").substringAfterLast(':')
        // 127.0.0.1 or ::1, whichever localhost resolved to first here; never the name.
        val connections = servers.socksConnections().distinct()
        assertEquals(1, connections.size, "$connections")
        assertTrue(connections[0].endsWith(":$port") && !connections[0].startsWith("localhost:"), "$connections")
    }

    /** The proxy option with `https://`: TLS to the proxy (its certificate from the test CA, as
     * the server's), then a CONNECT inside, which only that proxy's log shows. */
    @Test
    fun `the proxy option speaks https to an https proxy and tunnels through it`() = runBlocking {
        twoCalls(trusting(servers.url("trusted"), proxy = servers.httpsProxyUrl))
        assertEquals(listOf(servers.tunnelTo("trusted")), servers.proxyRequests("https_proxy"))
        assertEquals(emptyList<String>(), servers.proxyRequests(), "not the HTTP proxy")
    }

    /** HTTPS_PROXY naming the HTTPS proxy, in a child JVM. */
    @Test
    fun `HTTPS_PROXY may name an https proxy`() {
        val outcomes = callsInChild(
            mapOf("HTTPS_PROXY" to servers.httpsProxyUrl),
            listOf(servers.url("trusted")),
            rootPemPath = servers.caPemPath,
        )
        assertEquals(listOf(CALLS_OK), outcomes)
        assertEquals(listOf(servers.tunnelTo("trusted")), servers.proxyRequests("https_proxy"))
    }

    companion object {
        const val DEMO_EMAIL = "demo@example.com"
        const val DEMO_PASSWORD = "demo-password"

        /** Logs in at the options' base URL and lists the domains. */
        suspend fun twoCalls(options: ClientOptions) {
            Client.login(DEMO_EMAIL, DEMO_PASSWORD, options).use { client ->
                assertEquals(0, client.domains().list().size)
            }
        }
    }
}
