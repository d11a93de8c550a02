package com.smtpprovider

import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * The TLS and proxy test servers (tests/servers in the repository): nginx serving a sandbox with
 * certificates from a test CA, and tinyproxy, run from the `smtpprovider-test-servers` binary that
 * every language's suite shares. `uniffi/scripts/test.sh` builds it and names it in
 * `SMTPPROVIDER_TEST_SERVERS`; without that it is looked for beside the native library.
 */
class RealServers : AutoCloseable {
    private val process: Process
    private val description: JsonObject

    init {
        val binary = File(System.getenv(BINARY_VARIABLE) ?: "$BINARY_VARIABLE is not set")
        check(binary.isFile) {
            "$binary: set $BINARY_VARIABLE to the built `cargo build -p $BINARY_NAME` " +
                "(uniffi/scripts/test.sh does both)"
        }
        process = ProcessBuilder(binary.path).start()
        val line = process.inputStream.bufferedReader().readLine()
        if (line == null) {
            process.waitFor(30, TimeUnit.SECONDS)
            error("the test servers did not start: ${process.errorStream.bufferedReader().readText().trim()}")
        }
        description = parseJson(line).jsonObject
    }

    private fun field(vararg path: String): String =
        path.dropLast(1).fold(description) { obj, key -> obj[key]!!.jsonObject }[path.last()]!!.jsonPrimitive.content

    /** `https://localhost:PORT/api` of one nginx server: trusted, expired, wrong_host, untrusted. */
    fun url(server: String) = field(server, "url")

    /** The same server as `https://127.0.0.1:PORT/api`. */
    fun ipUrl(server: String) = field(server, "ip_url")

    /** The test CA's PEM file, and its text. */
    val caPemPath: String get() = field("ca_pem")
    val caPem: String get() = File(caPemPath).readText()

    /** A directory holding only the test CA, in OpenSSL's hashed layout (for `SSL_CERT_DIR`). */
    val caDir: String get() = field("ca_dir")

    /** `with-system-ca.sh CA_PEM COMMAND...`: COMMAND with the test CA in the system's trust store
     * as COMMAND alone sees it (a mount namespace of its own; needs root). */
    val withSystemCa: String get() = field("with_system_ca")

    val proxyUrl: String get() = field("proxy", "url")

    /** `https://localhost:PORT`: TLS to the proxy itself (the test CA signs its certificate). */
    val httpsProxyUrl: String get() = field("https_proxy", "url")

    /** `socks5h://127.0.0.1:PORT`: microsocks, without credentials. */
    val socksProxyUrl: String get() = field("socks_proxy", "url")

    /** `http://api.smtp.test/api`: the sandbox, reachable only through the proxy. */
    val plainHttpUrl: String get() = field("proxy", "plain_http_url")

    /** The request lines tinyproxy relayed so far (`CONNECT localhost:PORT HTTP/1.1`, ...); `proxy`
     * is the plain one, `https_proxy` the one behind TLS. */
    fun proxyRequests(proxy: String = "proxy"): List<String> =
        read(field(proxy, "log")).lines().filter { REQUEST_MARK in it }
            .map { it.substringAfter(REQUEST_MARK).substringAfter("): ").trim() }

    /** The destinations the SOCKS proxy connected to so far, as the client named them
     * (`localhost:PORT`, `127.0.0.1:PORT`); microsocks logs each before answering the client. */
    fun socksConnections(): List<String> =
        read(field("socks_proxy", "log")).lines().filter { CONNECTED_MARK in it }
            .map { it.substringAfter(CONNECTED_MARK).trim() }

    /** `host:port` of `server`'s URL, as proxies name their destination. */
    fun authority(server: String) = url(server).removePrefix("https://").removeSuffix("/api")

    /** The request line of the proxy's tunnel to `server`. */
    fun tunnelTo(server: String) = "CONNECT ${authority(server)} HTTP/1.1"

    /** TLS handshakes `server` saw refused, once nginx's log has settled (it logs a refusal a
     * moment after the client gave up). */
    fun failedHandshakes(server: String): Int {
        fun count() = read(field(server, "error_log")).split(HANDSHAKE_FAILED).size - 1
        var seen = count()
        val deadline = System.nanoTime() + 2_000_000_000L
        while (System.nanoTime() < deadline) {
            Thread.sleep(150)
            val now = count()
            if (now == seen && now > 0) break
            seen = now
        }
        return seen
    }

    /** Closing stdin stops every server (the binary's contract). */
    override fun close() {
        process.outputStream.close()
        check(process.waitFor(30, TimeUnit.SECONDS)) { "the test servers did not stop" }
    }

    private fun read(path: String) = File(path).takeIf { it.isFile }?.readText() ?: ""

    companion object {
        const val BINARY_VARIABLE = "SMTPPROVIDER_TEST_SERVERS"
        const val BINARY_NAME = "smtpprovider-test-servers"

        // What nginx logs per handshake the client refused; what precedes tinyproxy's request lines.
        const val HANDSHAKE_FAILED = "SSL_do_handshake() failed"
        const val REQUEST_MARK = "Request (file descriptor "

        // What precedes the destination in microsocks' log: `client[5] 127.0.0.1: connected to ...`.
        const val CONNECTED_MARK = ": connected to "
    }
}
