package com.smtpprovider

import com.smtpprovider.testing.*
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * `Client.fromEnv()` for real: a JVM cannot set its own environment, so the test starts a child
 * JVM ([runChildJvm]) with `SMTPPROVIDER_*` set to a session on a sandbox this process runs, and
 * the child makes a call with the client it built from them.
 */
class FromEnvTest {
    @Test
    fun `a client from the environment makes calls with its session`() {
        val sandbox = startSandbox()
        try {
            val session = runBlocking { sandbox.client() }
            val output = runChildJvm(
                "com.smtpprovider.FromEnvMain",
                mapOf(
                    "SMTPPROVIDER_BASE_URL" to sandbox.baseUrl(),
                    "SMTPPROVIDER_TOKEN" to session.token()!!,
                    "SMTPPROVIDER_USER_ID" to session.userId()!!.toString(),
                ),
            )
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
