package com.smtpprovider

import java.io.File
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The generated Swift against the endpoint table: every call is an `async throws` method of its
 * resource class with the table's argument labels, login a static factory on `Client`, and each
 * resource class has nothing else but uniffi's handle helper. The API comes from tree-sitter's
 * parse of the Swift (`../scripts/swift-check.sh` writes it), since Linux has no Swift compiler.
 */
class SwiftApiTest {
    private val api: JsonObject = File(
        System.getProperty("smtpprovider.swiftApi") ?: error("-Dsmtpprovider.swiftApi is not set"),
    ).let { file ->
        check(file.exists()) { "$file: run uniffi/scripts/swift-check.sh first" }
        parseJson(file.readText()).jsonObject
    }

    @Test
    fun `every call of the table is an async throwing Swift method with its labels`() {
        val table = endpoints()
        for (entry in table) {
            val methods = api[entry.handle]?.jsonObject ?: error("no Swift class ${entry.handle}")
            val method = methods[camel(entry.name)]?.jsonObject ?: error("${entry.id}: no ${entry.handle}.${camel(entry.name)}")
            val labels = method["params"]!!.jsonArray.map { it.jsonPrimitive.content }
            val expected = entry.args.map(::camel) + if (entry.id == "client.login") listOf("options") else emptyList()
            assertEquals(expected, labels, entry.id)
            assertTrue(method["async"]!!.jsonPrimitive.boolean && method["throws"]!!.jsonPrimitive.boolean, "${entry.id} is async throws")
            assertEquals(entry.id == "client.login", method["static"]!!.jsonPrimitive.boolean, entry.id)
        }
        for (entry in helpers()) {
            val method = api[entry.handle]!!.jsonObject[camel(entry.name)]?.jsonObject ?: error("${entry.id}: no Swift method")
            assertEquals(entry.args.map(::camel), method["params"]!!.jsonArray.map { it.jsonPrimitive.content }, entry.id)
            assertTrue(method["async"]!!.jsonPrimitive.boolean && method["throws"]!!.jsonPrimitive.boolean, "${entry.id} is async throws")
        }
        for ((handle, calls) in (table + helpers()).filter { it.resource != "client" }.groupBy { it.handle }) {
            val names = api[handle]!!.jsonObject.keys - "uniffiCloneHandle"
            assertEquals(calls.map { camel(it.name) }.toSet(), names, handle)
            assertTrue(api["Client"]!!.jsonObject.containsKey(camel(calls.first().resource)), "Client.${calls.first().resource}()")
        }
    }

    @Test
    fun `the models and the error enum are there`() {
        for (model in listOf("Domain", "DomainView", "DomainVerification", "Sender", "Template", "MailingList", "Campaign", "CampaignOptions", "CampaignEditOptions", "Message", "NewTemplate", "NewCampaign")) {
            assertTrue(api.containsKey("FfiConverterType$model"), model)
        }
        assertTrue(api.containsKey("SmtpProviderError") || api.containsKey("FfiConverterTypeSmtpProviderError"))
    }

    @Test
    fun `the option records and the error details are the core's tables`() {
        val structs = api["__structs__"]!!.jsonObject
        val fields = { name: String -> structs[name]!!.jsonArray.map { it.jsonPrimitive.content } }
        assertEquals(options().map { camel(it.name) }, fields("ClientOptions"))
        assertEquals(options().filter { it.perCall }.map { camel(it.name) }, fields("RequestOptions"))
        for (field in errorFields() + "kind") assertTrue(camel(field) in fields("ErrorDetails"), "ErrorDetails.${camel(field)}")
    }
}
