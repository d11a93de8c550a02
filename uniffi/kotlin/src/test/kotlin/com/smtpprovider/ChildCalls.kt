package com.smtpprovider

import java.io.File
import kotlinx.coroutines.runBlocking

/** The environment variables a client reads when it is built: trust and proxies. */
val CLIENT_ENVIRONMENT = listOf(
    "SSL_CERT_FILE", "SSL_CERT_DIR",
    "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
)

/** What [callsInChild] reports for a URL whose two calls succeeded. */
const val CALLS_OK = "ok"

/**
 * Logs in and lists the domains at each of `urls` in a child JVM ([CallsMain]) whose environment
 * has exactly `environment` of [CLIENT_ENVIRONMENT] (the rest removed, whatever this JVM's shell
 * set), trusting `rootPemPath` as the root option when given. Answers each URL's outcome, in
 * order: [CALLS_OK], or the error's class and message (`Connection: ...`). `launcher` runs the
 * child JVM (`with-system-ca.sh CA_PEM`).
 */
fun callsInChild(
    environment: Map<String, String>,
    urls: List<String>,
    rootPemPath: String? = null,
    launcher: List<String> = emptyList(),
): List<String> {
    val args = (if (rootPemPath != null) listOf("--root", rootPemPath) else emptyList()) + urls
    val output = runChildJvm(
        "com.smtpprovider.CallsMain",
        CLIENT_ENVIRONMENT.associateWith { null } + environment,
        *args.toTypedArray(),
        launcher = launcher,
    )
    val outcomes = output.lines().filter { it.startsWith(CallsMain.MARK) }.map { it.removePrefix(CallsMain.MARK) }
    check(outcomes.size == urls.size) { "the child reported ${outcomes.size} of ${urls.size} URLs: $output" }
    return urls.zip(outcomes).map { (url, line) ->
        check(line.startsWith("$url ")) { "the child reported $line for $url: $output" }
        line.removePrefix("$url ")
    }
}

/** The child JVM of [callsInChild]: `[--root PEM_FILE] URL...`, one outcome line per URL. */
object CallsMain {
    const val MARK = "calls at "

    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        val root = if (args.firstOrNull() == "--root") File(args[1]).readText() else null
        val urls = if (root != null) args.drop(2) else args.toList()
        for (url in urls) {
            val outcome = try {
                // Plain http here is only ever api.smtp.test, which only a proxy reaches.
                val options = ClientOptions(baseUrl = url, rootCertificates = root, allowInsecureHttp = true)
                TlsAndProxiesTest.twoCalls(options)
                CALLS_OK
            } catch (e: SmtpProviderException) {
                "${e::class.simpleName}: ${e.message}".replace('\n', ' ')
            }
            println("$MARK$url $outcome")
        }
    }
}
