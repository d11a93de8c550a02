package com.smtpprovider

import com.smtpprovider.models.CampaignChanges
import com.smtpprovider.models.CampaignContent
import com.smtpprovider.models.NewCampaign
import com.smtpprovider.models.NewTemplate
import com.smtpprovider.models.TemplateChanges
import com.smtpprovider.testing.*
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Every endpoint through the typed Kotlin API, in the order an app meets them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsTest {
    private val sandbox = startSandbox()

    @AfterAll
    fun stop() = sandbox.stop()

    @Test
    fun `login, domains, senders, mail`() = runBlocking {
        sandbox.reset()
        val client = Client.login("demo@example.com", "demo-password", ClientOptions(baseUrl = sandbox.baseUrl()))
        assertEquals(1uL, client.userId())
        assertEquals("demo@example.com", client.user()?.email)
        assertTrue(client.token()!!.isNotEmpty())

        val domains = client.domains()
        assertEquals(emptyList<Any>(), domains.list())
        val domain = domains.add("example.com")
        assertEquals("example.com", domain.domainName)
        assertEquals("smtp._domainkey.example.com", domain.host)
        assertEquals("pending", domain.status)
        assertEquals(listOf(domain.id), domains.list().map { it.id })
        val view = domains.view("example.com")
        assertEquals(domain.publicKey, view.domain.publicKey)
        assertTrue(view.dnsRecords.any { it.purpose == "dkim" && it.recordType == "TXT" })

        val notYet = domains.verify("example.com")
        assertFalse(notYet.verified)
        assertEquals("DKIM record not found", notYet.message)
        sandbox.publishDns(domain.host!!, domain.publicKey!!)
        assertTrue(domains.verify("example.com").verified)

        val senders = client.senders()
        val sender = senders.add("example.com", "news@example.com", "Example News")
        assertEquals("news@example.com", sender.fromEmail)
        assertEquals("Verification email sent", senders.verify("news@example.com").message)
        val link = parseJson(sandbox.outbox(to = "news@example.com", kind = "sender_verification"))
            .jsonArray.last().jsonObject["link"]!!.jsonPrimitive.content
        val followed = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI(link)).build(), HttpResponse.BodyHandlers.ofString())
        assertEquals(200, followed.statusCode(), followed.body())
        assertEquals("verified", senders.list().single().status)

        val mail = client.mail()
        assertEquals("Mail sent successfully", mail.sendWelcome("customer@example.org", "Shop", null, null).message)
        mail.sendWelcome("vip@example.org", "Shop", "Hello", "<h1>Hi</h1>")
        val welcomes = parseJson(sandbox.outbox(kind = "welcome")).jsonArray
        assertEquals(listOf("customer@example.org", "vip@example.org"), welcomes.map { it.jsonObject["to"]!!.jsonPrimitive.content })
        client.close()
    }

    @Test
    fun `waitVerified polls until verified, fails with Timeout when not, refuses a zero interval unsent`() = runBlocking {
        sandbox.reset()
        val client = sandbox.client()
        val domain = client.domains().add("wait.example.com")
        sandbox.publishDns(domain.host!!, domain.publicKey!!)
        assertTrue(client.domains().waitVerified("wait.example.com", timeout = Duration.ofSeconds(5), interval = Duration.ofMillis(50)).verified)

        client.domains().add("never.example.com")
        val late = assertThrows<SmtpProviderException.Timeout> {
            runBlocking { client.domains().waitVerified("never.example.com", timeout = Duration.ofMillis(200), interval = Duration.ofMillis(50)) }
        }
        assertEquals("domains.wait_verified", late.details.endpoint)

        sandbox.clearRequests()
        assertThrows<SmtpProviderException.InvalidInput> {
            runBlocking { client.domains().waitVerified("wait.example.com", interval = Duration.ZERO) }
        }
        assertEquals(0, parseJson(sandbox.requests(null)).jsonArray.size, "nothing was sent")
    }

    @Test
    fun `the User-Agent names the SDK, Kotlin and the platform`() = runBlocking {
        val client = sandbox.client()
        sandbox.clearRequests()
        client.domains().list()
        // The platform as Rust names it (std::env::consts).
        val os = System.getProperty("os.name").lowercase().let { if (it.startsWith("mac")) "macos" else it.substringBefore(' ') }
        val arch = when (val it = System.getProperty("os.arch")) { "amd64" -> "x86_64"; else -> it }
        val version = System.getProperty("smtpprovider.version")
        val sent = parseJson(sandbox.requests(null)).jsonArray.map { it.jsonObject["user_agent"]!!.jsonPrimitive.content }
        assertEquals(listOf("smtpprovider-kotlin/$version ($os $arch)"), sent)
        val own = sandbox.client(options = ClientOptions(userAgent = "shop-sync/2.0"))
        own.domains().list()
        val last = parseJson(sandbox.requests(null)).jsonArray.last().jsonObject["user_agent"]!!.jsonPrimitive.content
        assertEquals("shop-sync/2.0", last)
    }

    @Test
    fun `templates, mailing lists, campaigns`() = runBlocking {
        sandbox.reset()
        val client = sandbox.client()
        client.domains().add("shop.example")
        sandbox.publishDns("smtp._domainkey.shop.example", client.domains().list().single().publicKey!!)
        client.domains().verify("shop.example")
        client.senders().add("shop.example", "news@shop.example", "News")
        client.senders().verify("news@shop.example")
        val link = parseJson(sandbox.outbox(to = "news@shop.example")).jsonArray.last().jsonObject["link"]!!.jsonPrimitive.content
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI(link)).build(), HttpResponse.BodyHandlers.discarding())

        val templates = client.templates()
        assertEquals(3, templates.defaults().size)
        assertEquals(emptyList<Any>(), templates.list())
        val template = templates.add(NewTemplate(name = "Spring", htmlBody = "<h1>{{subject}}</h1>"))
        assertEquals(true, template.active, "active defaults to true")
        assertEquals("Spring", templates.get(template.id).name)
        val renamed = templates.update(template.id, TemplateChanges(name = "Spring sale", active = false))
        assertEquals("Spring sale", renamed.name)
        assertEquals(false, renamed.active)
        assertEquals(listOf("Spring sale"), templates.list().map { it.name })

        val lists = client.mailingLists()
        val list = lists.add("Newsletter")
        assertEquals(0uL, list.subscribersCount)
        sandbox.addSubscribers(list.id, listOf("ann@example.org", "bob@example.org"))
        assertEquals(2uL, lists.list().single().subscribersCount)

        val campaigns = client.campaigns()
        val options = campaigns.options()
        assertTrue(options.templates.any { it.id == template.id })
        assertEquals(listOf("news@shop.example"), options.senders.map { it.fromEmail })
        // Optional request fields default to null.
        val content = CampaignContent(fromEmail = "news@shop.example", subject = "Spring", htmlBody = "<p>Spring</p>", speed = 60uL)
        sandbox.setClock("2030-01-01 09:00:00")
        val campaign = campaigns.create(
            NewCampaign(
                templateId = template.id, mailingListId = list.id, campaignName = "Spring",
                beginsAt = "2030-01-01 09:10:00", segment = "all", content = content,
            ),
        )
        assertEquals("scheduled", campaign.state)
        assertEquals(true, campaigns.togglePause(campaign.id).paused)
        assertEquals(false, campaigns.togglePause(campaign.id).paused)
        assertEquals("Spring", campaigns.editOptions(campaign.id).campaign.campaignName)
        val updated = campaigns.update(
            campaign.id,
            CampaignChanges(campaignName = "Spring (final)", content = content),
        )
        assertNotNull(updated.message)
        assertEquals(listOf("Spring (final)"), campaigns.list().map { it.campaignName })
        sandbox.advanceClock(2 * 3600)
        assertEquals("finished", campaigns.list().single().state)
        assertEquals(2, parseJson(sandbox.outbox(campaignId = campaign.id)).jsonArray.size)
    }

    @Test
    fun `unknown fields stay reachable as JSON text`() = runBlocking {
        val client = sandbox.client()
        sandbox.addFault(
            """{"path": "/v1/smtp-template-default", "kind": "status", "status": 200,
               "body": {"success": true, "data": {"default_templates": [
                 {"id": "7", "name": "Welcome", "active": 1, "team_id": 42, "tags": ["a"]}]}}}""",
        )
        val template = client.templates().defaults().single()
        assertEquals(7uL, template.id, "an id sent as text")
        assertEquals(true, template.active, "1 as true")
        val extra = parseJson(template.extra).jsonObject
        assertEquals(setOf("team_id", "tags"), extra.keys)
        assertEquals("42", extra["team_id"].toString())
    }
}
