package com.smtpprovider

import java.io.File
import java.security.MessageDigest
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * Which certificates a client trusts without the root option, with the real servers
 * ([RealServers]): `SSL_CERT_FILE`, `SSL_CERT_DIR` and the operating system's store. The library
 * reads them when a client is built, so each case is a child JVM with its own environment
 * ([callsInChild]); each test also runs the child without the one thing that should make the test
 * CA trusted, and sees it refused. The Rust core's tests/trust_store.rs, through this binding.
 */
class TrustStoreTest {
    private lateinit var servers: RealServers

    @BeforeEach
    fun start() {
        servers = RealServers()
    }

    @AfterEach
    fun stop() = servers.close()

    private fun assertRefused(outcome: String) {
        assertTrue(outcome.startsWith("Connection: ") && UNKNOWN_ISSUER in outcome, outcome)
    }

    /** `variable` naming `value` makes the test CA trusted; a certificate from another CA stays
     * refused; without the variable the test CA is refused too. */
    private fun extraRootsFrom(variable: String, value: String) {
        val urls = listOf(servers.url("trusted"), servers.url("untrusted"))
        val withIt = callsInChild(mapOf(variable to value), urls)
        assertEquals(CALLS_OK, withIt[0], "$variable=$value")
        assertRefused(withIt[1])
        assertRefused(callsInChild(emptyMap(), urls.take(1)).single())
    }

    @Test
    fun `SSL_CERT_FILE adds the certificates of a PEM file`() = extraRootsFrom("SSL_CERT_FILE", servers.caPemPath)

    @Test
    fun `SSL_CERT_DIR adds the certificates of a hashed directory`() = extraRootsFrom("SSL_CERT_DIR", servers.caDir)

    /**
     * The test CA in the system's store (`with-system-ca.sh`: the child's own mount namespace,
     * root only) makes it trusted with no root option and no `SSL_*` variable; the same child
     * without the script is refused; the machine's own store is unchanged.
     */
    @Test
    fun `the operating system's store is trusted`() {
        val store = File("/etc/ssl/certs/ca-certificates.crt")
        val before = sha256(store)
        val url = listOf(servers.url("trusted"))
        val installed = callsInChild(emptyMap(), url, launcher = listOf(servers.withSystemCa, servers.caPemPath))
        assertEquals(CALLS_OK, installed.single())
        assertRefused(callsInChild(emptyMap(), url).single())
        assertEquals(before, sha256(store), "$store changed")
    }

    private fun sha256(file: File): String =
        MessageDigest.getInstance("SHA-256").digest(file.readBytes()).joinToString("") { "%02x".format(it) }

    companion object {
        const val UNKNOWN_ISSUER = "is not signed by a trusted certificate authority"
    }
}
