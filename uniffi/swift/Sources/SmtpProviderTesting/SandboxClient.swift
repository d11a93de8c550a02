// Written here, beside the Swift uniffi-bindgen writes from the testing library: the client is an
// object of the SDK's own library (module SmtpProvider), which one library cannot hand to another.
import SmtpProvider

extension TestSandbox {
    /// A client of this sandbox, logged in as `email` with `password` (the demo user's by
    /// default), with `options`; the base URL is always the sandbox's.
    public func client(
        email: String? = nil,
        password: String? = nil,
        options: ClientOptions? = nil
    ) async throws -> Client {
        let demo = demoUser()
        var options = options ?? ClientOptions()
        options.baseUrl = try baseUrl()
        return try await Client.login(
            email: email ?? demo.email,
            password: password ?? demo.password,
            options: options
        )
    }
}
