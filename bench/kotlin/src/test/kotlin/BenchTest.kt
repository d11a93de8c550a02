import com.smtpprovider.ClientOptions
import com.smtpprovider.testing.TestSandbox
import com.smtpprovider.testing.client
import java.io.File
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test

/**
 * `domains().list()` through Kotlin (the generated bindings over the release library) against the
 * same call in the Rust core (`core_calls`, a process of its own) on one sandbox answering every
 * call with the same scripted body: a tiny envelope (one domain) or 10,000 domains (~6 MB), one
 * call at a time and 64 in flight. Each side runs `bench.rounds` rounds of `bench.seconds`,
 * alternating; the best round counts. Prints the time per call of each and their ratio.
 */
class BenchTest {
    private val seconds = System.getProperty("bench.seconds", "2").toDouble()
    private val rounds = System.getProperty("bench.rounds", "3").toInt()
    private val core = System.getProperty("bench.core") ?: error("-Dbench.core is not set")

    private fun domainJson(n: Int): String =
        """{"id":$n,"domain_name":"domain-$n.example.com","host":"smtp._domainkey.domain-$n.example.com",""" +
            """"selector":"smtp","public_key":"v=DKIM1; h=sha256; k=rsa; p=${"A".repeat(392)}",""" +
            """"status":"${if (n % 2 == 0) "verified" else "pending"}","verified_at":${if (n % 2 == 0) "\"2026-05-06 18:00:00\"" else "null"},""" +
            """"created_at":"2026-05-01 09:30:00","updated_at":"2026-05-06 18:00:00"}"""

    private fun envelope(count: Int) =
        """{"success":true,"data":{"domains":[${(1..count).joinToString(",") { domainJson(it) }}]}}"""

    /** Microseconds per call of `inFlight` coroutines calling for `seconds`. */
    private fun kotlinPerCall(client: com.smtpprovider.Client, inFlight: Int): Double = runBlocking(Dispatchers.Default) {
        val domains = client.domains()
        domains.list() // warm-up
        val done = AtomicLong()
        val started = System.nanoTime()
        val deadline = started + (seconds * 1e9).toLong()
        val loops = (1..inFlight).map {
            launch {
                while (System.nanoTime() < deadline) {
                    domains.list()
                    done.incrementAndGet()
                }
            }
        }
        loops.forEach { it.join() }
        (System.nanoTime() - started) / 1e3 / done.get()
    }

    private fun corePerCall(baseUrl: String, token: String, userId: ULong, inFlight: Int): Double {
        val process = ProcessBuilder(core, baseUrl, token, userId.toString(), seconds.toString(), inFlight.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val out = process.inputStream.bufferedReader().readText()
        check(process.waitFor() == 0) { "core_calls failed: $out" }
        return Json.parseToJsonElement(out).jsonObject["per_call_us"]!!.jsonPrimitive.double
    }

    @Test
    fun `Kotlin against the Rust core`() {
        check(File(core).canExecute()) { "$core: build it with cargo build --release -p smtpprovider-bench --bin core_calls" }
        val sandbox = TestSandbox()
        val client = runBlocking { sandbox.client(options = ClientOptions(maxRetries = 0u)) }
        val rows = mutableListOf<String>()
        for ((label, count) in listOf("tiny (1 domain)" to 1, "10,000 domains" to 10_000)) {
            sandbox.clearFaults()
            val body = envelope(count)
            sandbox.addFault("""{"path":"/v1/smtp-domain-list","kind":"status","status":200,"times":4000000000,"body":$body}""")
            for (inFlight in listOf(1, 64)) {
                var bestKotlin = Double.MAX_VALUE
                var bestCore = Double.MAX_VALUE
                repeat(rounds) {
                    bestKotlin = minOf(bestKotlin, kotlinPerCall(client, inFlight))
                    bestCore = minOf(bestCore, corePerCall(sandbox.baseUrl(), client.token()!!, client.userId()!!, inFlight))
                }
                rows += "| $label | $inFlight | %.1f µs | %.1f µs | **%.2f×** |".format(bestKotlin, bestCore, bestKotlin / bestCore)
                println("bench: ${rows.last()}")
            }
        }
        println("\n| response | in flight | Kotlin per call | Rust core per call | Kotlin / core |\n|---|---|---|---|---|")
        rows.forEach(::println)
        client.close()
        sandbox.stop()
    }
}
