package com.smtpprovider

import java.io.File
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import kotlinx.serialization.json.put
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

/**
 * The shared scenarios (every JSON file of `tests/scenarios`, format in their README), each on a fresh sandbox.
 * Calls go through the binding's generic `Client.callJson` (the table's ids and argument names);
 * the typed methods are covered call by call in EndpointsTest. Sandbox actions are requests to the
 * sandbox's `/_sandbox/...` routes, as the format defines them.
 */
class ScenariosTest {
    @TestFactory
    fun scenarios(): List<DynamicTest> =
        scenarioFiles().map { file -> DynamicTest.dynamicTest(file.nameWithoutExtension) { ScenarioRun(file).run() } }
}

/** The shared scenario files, by name (the directory is the `smtpprovider.scenarios` property). */
internal fun scenarioFiles(): List<File> {
    val dir = File(System.getProperty("smtpprovider.scenarios") ?: error("-Dsmtpprovider.scenarios is not set"))
    val files = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
    check(files.size >= 4) { "scenario files in $dir" }
    return files
}

private class ScenarioFailure(message: String) : AssertionError(message)

private val SANDBOX_ACTIONS = mapOf(
    "create_user" to ("POST" to "/_sandbox/users"),
    "set_rate_limit" to ("POST" to "/_sandbox/config"),
    "publish_dns" to ("POST" to "/_sandbox/dns"),
    "remove_dns" to ("DELETE" to "/_sandbox/dns"),
    "add_subscribers" to ("POST" to "/_sandbox/subscribers"),
    "advance_clock" to ("POST" to "/_sandbox/clock"),
    "set_clock" to ("POST" to "/_sandbox/clock"),
    "inject_fault" to ("POST" to "/_sandbox/faults"),
    "outbox" to ("GET" to "/_sandbox/outbox"),
)
private val STEP_KEYS = setOf("call", "sandbox", "client", "args", "note", "expect", "expect_error", "save")
private val WHOLE = Regex("""^\$\{([^}]+)\}$""")
private val PART = Regex("""\$\{([^}]+)\}""")

/**
 * One scenario file on a fresh sandbox. `observe` sees each call's raw outcome before it is
 * compared: the client a login made, the result's JSON text, or the error thrown (the secrets
 * test keeps their texts).
 */
internal class ScenarioRun(file: File, private val observe: (call: String, outcome: Any) -> Unit = { _, _ -> }) {
    private val scenario = parseJson(file.readText()).jsonObject
    // The format's test settings: no rate limit (errors.json sets one to show RateLimited).
    private val sandbox = startSandbox()
    private val http = HttpClient.newHttpClient()
    private val variables = mutableMapOf<String, JsonElement>()
    private val options = mutableMapOf<String, JsonElement>()
    private var token: String? = null
    private var userId: ULong? = null
    private var client: Client? = null

    fun run() {
        try {
            val unknown = scenario.keys - setOf("name", "description", "client", "steps")
            if (unknown.isNotEmpty()) throw ScenarioFailure("unknown keys $unknown")
            scenario["client"]?.jsonObject?.let { options.putAll(it) }
            scenario["steps"]!!.jsonArray.forEachIndexed { i, step ->
                try {
                    runStep(step.jsonObject)
                } catch (failure: ScenarioFailure) {
                    val note = step.jsonObject["note"]?.jsonPrimitive?.content?.let { " ($it)" } ?: ""
                    throw ScenarioFailure("step ${i + 1}$note: ${failure.message}\n  step: $step")
                }
            }
        } finally {
            client?.close()
            sandbox.stop()
        }
    }

    private fun clientOptions() = ClientOptions(
        baseUrl = sandbox.baseUrl(),
        timeout = options["timeout_ms"]?.jsonPrimitive?.long?.let(Duration::ofMillis),
        maxRetries = options["max_retries"]?.jsonPrimitive?.int?.toUInt(),
        paceRequests = options["pace_requests"]?.jsonPrimitive?.boolean,
    )

    private fun rebuildClient() {
        client?.close()
        val (t, u) = token to userId
        client = if (t != null && u != null) Client(t, u, clientOptions()) else Client.anonymous(clientOptions())
    }

    private fun runStep(step: JsonObject) {
        val kinds = listOf("call", "sandbox", "client").filter { it in step }
        if ((step.keys - STEP_KEYS).isNotEmpty() || kinds.size != 1) throw ScenarioFailure("malformed step")
        if ("client" in step) {
            val changes = interpolate(step["client"]!!).jsonObject.toMutableMap()
            val newToken = changes.remove("token")
            val newUser = changes.remove("user_id")
            options.putAll(changes)
            if (newToken != null && newUser != null) {
                token = newToken.jsonPrimitive.content
                userId = newUser.jsonPrimitive.long.toULong()
            }
            rebuildClient()
            return
        }
        val args = interpolate(step["args"] ?: JsonObject(emptyMap())).jsonObject
        val result: JsonElement = if ("sandbox" in step) {
            sandboxAction(step["sandbox"]!!.jsonPrimitive.content, args)
        } else {
            val expectError = step["expect_error"]?.jsonObject
            val outcome = runCatching { call(step["call"]!!.jsonPrimitive.content, args) }
            val error = outcome.exceptionOrNull()
            if (error != null && error !is SmtpProviderException) throw error
            if (expectError != null) {
                if (error == null) throw ScenarioFailure("expected a ${expectError["kind"]} error, got ${outcome.getOrNull()}")
                checkError(expectError, (error as SmtpProviderException).seen())
                return
            }
            if (error != null) throw ScenarioFailure("unexpected error ${(error as SmtpProviderException).seen()}")
            outcome.getOrThrow()
        }
        step["expect"]?.let { expected ->
            val wanted = interpolate(expected)
            mismatch(wanted, result, "result")?.let { throw ScenarioFailure("$it\n  expected $wanted\n  received $result") }
        }
        step["save"]?.let { variables[it.jsonPrimitive.content] = result }
    }

    private fun call(id: String, args: JsonObject): JsonElement = try {
        callObserved(id, args)
    } catch (error: SmtpProviderException) {
        observe(id, error)
        throw error
    }

    private fun callObserved(id: String, args: JsonObject): JsonElement = runBlocking {
        if (id == "client.login") {
            val fresh = Client.login(
                args["email"]!!.jsonPrimitive.content, args["password"]!!.jsonPrimitive.content, clientOptions(),
            )
            observe(id, fresh)
            client?.close()
            client = fresh
            token = fresh.token()
            userId = fresh.userId()
            val user = fresh.user()!!
            buildJsonObject {
                put("token", fresh.token())
                put("user", buildJsonObject {
                    put("id", user.id.toLong()); put("name", user.name); put("email", user.email)
                })
            }
        } else {
            // Before the first login there is no session: a client without one, whose protected
            // calls fail with Authentication before sending.
            val current = client ?: Client.anonymous(clientOptions()).also { client = it }
            parseJson(current.callJson(id, args.toString()).also { observe(id, it) })
        }
    }

    private fun checkError(expected: JsonObject, seen: ErrorSeen) {
        val kind = expected["kind"]!!.jsonPrimitive.content
        if (kind != seen.kind) throw ScenarioFailure("expected kind $kind, got $seen")
        expected["status"]?.let { if (it.jsonPrimitive.int != seen.status) throw ScenarioFailure("expected status $it, got $seen") }
        expected["message"]?.let {
            if (!seen.text.contains(it.jsonPrimitive.content)) throw ScenarioFailure("expected message containing $it, got $seen")
        }
    }

    private fun sandboxAction(action: String, args: JsonObject): JsonElement {
        if (action == "follow_verification_link") {
            val to = args["to"]!!.jsonPrimitive.content
            val messages = request("GET", "/_sandbox/outbox", mapOf("to" to JsonPrimitive(to), "kind" to JsonPrimitive("sender_verification")))
                .jsonObject["messages"]!!.jsonArray
            if (messages.isEmpty()) throw ScenarioFailure("no verification message to $to")
            val link = URI(messages.last().jsonObject["link"]!!.jsonPrimitive.content)
            return request("GET", link.rawPath + (link.rawQuery?.let { "?$it" } ?: ""), emptyMap())
        }
        val (method, route) = SANDBOX_ACTIONS[action] ?: throw ScenarioFailure("unknown sandbox action $action")
        return request(method, route, args)
    }

    private fun request(method: String, route: String, args: Map<String, JsonElement>): JsonElement {
        var url = sandbox.rootUrl() + route
        val builder = HttpRequest.newBuilder().header("Content-Type", "application/json")
        if (method == "GET" || method == "DELETE") {
            if (args.isNotEmpty()) {
                url += (if ('?' in url) "&" else "?") + args.entries.joinToString("&") { (k, v) ->
                    "$k=" + URLEncoder.encode(asText(v), Charsets.UTF_8)
                }
            }
            builder.method(method, HttpRequest.BodyPublishers.noBody())
        } else {
            builder.method(method, HttpRequest.BodyPublishers.ofString(JsonObject(args).toString()))
        }
        val response = http.send(builder.uri(URI(url)).build(), HttpResponse.BodyHandlers.ofString())
        if (response.statusCode() !in 200..299) {
            throw ScenarioFailure("$method $route answered ${response.statusCode()}: ${response.body().take(300)}")
        }
        return parseJson(response.body())
    }

    private fun lookup(path: String): JsonElement {
        val parts = path.split(".")
        var value = variables[parts[0]] ?: throw ScenarioFailure("unknown variable ${parts[0]}")
        for (key in parts.drop(1)) {
            value = when {
                value is JsonArray && key.toIntOrNull()?.let { it < value.size } == true -> value[key.toInt()]
                value is JsonObject && key in value -> value[key]!!
                else -> throw ScenarioFailure("no $key in \${$path}")
            }
        }
        return value
    }

    private fun interpolate(value: JsonElement): JsonElement = when (value) {
        is JsonPrimitive -> if (value.isString) {
            val text = value.content
            WHOLE.matchEntire(text)?.let { lookup(it.groupValues[1]) }
                ?: JsonPrimitive(PART.replace(text) { asText(lookup(it.groupValues[1])) })
        } else value
        is JsonArray -> JsonArray(value.map(::interpolate))
        is JsonObject -> JsonObject(value.mapValues { interpolate(it.value) })
    }
}

private fun asText(value: JsonElement): String =
    if (value is JsonPrimitive && value.isString) value.content else value.toString()

/** The README's subset match: where `received` differs from `expected`, or null. */
private fun mismatch(expected: JsonElement, received: JsonElement, at: String): String? = when (expected) {
    is JsonObject -> if (received !is JsonObject) "$at: expected an object" else expected.entries.firstNotNullOfOrNull { (key, value) ->
        received[key]?.let { mismatch(value, it, "$at.$key") } ?: if (key !in received) "$at.$key is missing" else null
    }
    is JsonArray -> if (received !is JsonArray || received.size != expected.size) "$at: expected ${expected.size} items, got $received"
    else expected.indices.firstNotNullOfOrNull { mismatch(expected[it], received[it], "$at.$it") }
    is JsonNull -> if (received is JsonNull) null else "$at: expected null, got $received"
    is JsonPrimitive -> when {
        received !is JsonPrimitive || received is JsonNull -> "$at: expected $expected, got $received"
        !expected.isString && !received.isString && expected.doubleOrNull != null ->
            if (expected.doubleOrNull == received.doubleOrNull) null else "$at: expected $expected, got $received"
        expected.isString != received.isString || expected.contentOrNull != received.contentOrNull ->
            "$at: expected $expected, got $received"
        else -> null
    }
}
