package com.smtpprovider.testing

import com.smtpprovider.Client
import com.smtpprovider.ClientOptions

/**
 * A client of this sandbox, logged in as [email] with [password] (the demo user's by default),
 * with [options]; the base URL is always the sandbox's.
 *
 * Written here rather than in the testing library: the client is an object of the SDK's own
 * native library (com.smtpprovider), which one library cannot hand to another.
 */
suspend fun TestSandbox.client(
    email: String? = null,
    password: String? = null,
    options: ClientOptions? = null,
): Client {
    val demo = demoUser()
    return Client.login(
        email ?: demo.email,
        password ?: demo.password,
        (options ?: ClientOptions()).copy(baseUrl = baseUrl()),
    )
}
