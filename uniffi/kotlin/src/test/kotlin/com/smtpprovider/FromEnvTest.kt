package com.smtpprovider

import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * `Client.fromEnv()` for real: a JVM cannot set its own environment, so the test starts a child
 * JVM (same java, same classpath and library path) with `SMTPPROVIDER_*` set to a session on a
 * sandbox this process runs, and the child makes a call with the client it built from them.
 */
class FromEnvTest {
    @Test
    fun `a client from the environment makes calls with its session`() {
        val sandbox = startSandbox()
        try {
            val session = runBlocking { sandbox.client() }
            val java = File(System.getProperty("java.home"), "bin/java").path
            val child = ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"),
                "-Djna.library.path=${System.getProperty("jna.library.path")}",
                "com.smtpprovider.FromEnvMain",
            ).redirectErrorStream(true)
            child.environment().apply {
                put("SMTPPROVIDER_BASE_URL", sandbox.baseUrl())
                put("SMTPPROVIDER_TOKEN", session.token()!!)
                put("SMTPPROVIDER_USER_ID", session.userId()!!.toString())
            }
            val process = child.start()
            val output = process.inputStream.bufferedReader().readText()
            check(process.waitFor(60, TimeUnit.SECONDS)) { "the child JVM hung" }
            assertEquals(0, process.exitValue(), output)
            assertEquals("user 1, 3 default templates", output.trim().lines().last())
        } finally {
            sandbox.stop()
        }
    }
}

/** The child JVM of [FromEnvTest]. */
object FromEnvMain {
    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        Client.fromEnv().use { client ->
            println("user ${client.userId()}, ${client.templates().defaults().size} default templates")
        }
    }
}
