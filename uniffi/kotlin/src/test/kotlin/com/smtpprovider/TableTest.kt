package com.smtpprovider

import kotlin.reflect.KFunction
import kotlin.reflect.full.companionObject
import kotlin.reflect.full.declaredMemberFunctions
import kotlin.reflect.full.isSubclassOf
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.primaryConstructor
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The generated Kotlin API against the endpoint table the library reports (`endpoints()`, read from
 * the core's `ENDPOINTS`): every call is a suspend method of its resource's class with the table's
 * arguments in order, and no resource class has a method the table lacks.
 */
class TableTest {
    private val table = endpoints()

    private fun publicApi(kClass: kotlin.reflect.KClass<*>): Map<String, KFunction<*>> =
        kClass.declaredMemberFunctions
            .filter { it.visibility == kotlin.reflect.KVisibility.PUBLIC }
            .filterNot { it.name in setOf("close", "destroy", "uniffiCloneHandle", "toString") }
            .associateBy { it.name }

    @Test
    fun `the table has the 22 endpoints`() {
        assertEquals(22, table.size)
        assertEquals("client.login", table.first().id)
    }

    @Test
    fun `every call is a suspend method with the table's arguments`() {
        for (entry in table) {
            val kClass = Class.forName("com.smtpprovider.${entry.handle}").kotlin
            val method: KFunction<*> = if (entry.id == "client.login") {
                // Login makes a client: a suspend factory on the companion.
                kClass.companionObject!!.memberFunctions.single { it.name == "login" }
            } else {
                publicApi(kClass)[camel(entry.name)] ?: error("${entry.id}: no ${entry.handle}.${camel(entry.name)}")
            }
            assertTrue(method.isSuspend, "${entry.id} is a suspend fun")
            val params = method.parameters.drop(1).mapNotNull { it.name }
            val expected = entry.args.map(::camel) + if (entry.id == "client.login") listOf("options") else emptyList()
            assertEquals(expected, params, entry.id)
        }
    }

    @Test
    fun `every helper is a suspend method with its arguments`() {
        assertEquals(listOf("domains.wait_verified"), helpers().map { it.id })
        for (entry in helpers()) {
            val kClass = Class.forName("com.smtpprovider.${entry.handle}").kotlin
            val method = publicApi(kClass)[camel(entry.name)] ?: error("${entry.id}: no ${entry.handle}.${camel(entry.name)}")
            assertTrue(method.isSuspend, "${entry.id} is a suspend fun")
            assertEquals(entry.args.map(::camel), method.parameters.drop(1).mapNotNull { it.name }, entry.id)
        }
    }

    @Test
    fun `each resource class has exactly the table's calls and helpers, and the client an accessor for it`() {
        val resources = (table + helpers()).filter { it.resource != "client" }.groupBy { it.handle }
        val clientApi = publicApi(Client::class)
        for ((handle, calls) in resources) {
            val kClass = Class.forName("com.smtpprovider.$handle").kotlin
            assertTrue(kClass.isSubclassOf(AutoCloseable::class), "$handle is closeable")
            assertEquals(calls.map { camel(it.name) }.sorted(), publicApi(kClass).keys.sorted(), handle)
            val accessor = clientApi[camel(calls.first().resource)] ?: error("no client.${calls.first().resource}()")
            assertEquals(handle, (accessor.returnType.classifier as kotlin.reflect.KClass<*>).simpleName)
        }
    }

    @Test
    fun `every error kind of the core is an exception class`() {
        val variants = SmtpProviderException::class.sealedSubclasses.mapNotNull { it.simpleName }.sorted()
        val kinds = com.smtpprovider.models.ErrorKind.entries.map { kind ->
            kind.name.lowercase().split('_').joinToString("") { it.replaceFirstChar(Char::uppercase) }
        }.sorted()
        assertEquals(kinds, variants)
    }

    /** The parity of options and errors: the records' fields are the core's tables, in camelCase. */
    @Test
    fun `the option records, the error details and the error variants are the core's tables`() {
        val fields = { kClass: kotlin.reflect.KClass<*> -> kClass.primaryConstructor!!.parameters.map { it.name } }
        assertEquals(options().map { camel(it.name) }, fields(ClientOptions::class))
        assertEquals(options().filter { it.perCall }.map { camel(it.name) }, fields(RequestOptions::class))
        val details = fields(ErrorDetails::class)
        for (field in errorFields() + "kind") assertTrue(camel(field) in details, "ErrorDetails.${camel(field)}")
        assertEquals(errorKinds().toSet(), SmtpProviderException::class.sealedSubclasses.map { it.simpleName }.toSet())
    }
}
