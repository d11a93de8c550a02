// The SDK from Kotlin, against the in-process sandbox: a sending domain verified through its DKIM
// record, a sender, a template, a mailing list and a campaign that the sandbox's clock runs to the
// end. Every call is a suspend function; every failure a SmtpProviderException subclass.
//
//   mvn -q compile exec:java     (after uniffi/scripts/jvm_install.sh put the artifacts in ~/.m2)

import com.smtpprovider.SmtpProviderException
import com.smtpprovider.models.CampaignContent
import com.smtpprovider.models.NewCampaign
import com.smtpprovider.models.NewTemplate
import com.smtpprovider.testing.TestSandbox
import com.smtpprovider.testing.client
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    TestSandbox().use { sandbox ->
        val client = sandbox.client()
        println("Logged in as user ${client.userId()} at ${sandbox.baseUrl()}")

        val domain = client.domains().add("shop.example")
        // The sandbox's DNS answers what the DKIM record would be at the domain's DNS host.
        sandbox.publishDns("smtp._domainkey.shop.example", domain.publicKey!!)
        client.domains().verify("shop.example")
        println("Verified the domain ${domain.domainName} by its DKIM record")

        client.senders().add("shop.example", "news@shop.example", "Shop news")
        client.senders().verify("news@shop.example")
        // The verification link the sandbox "emailed" to the sender, followed as a person would.
        val link = Regex("\"link\"\\s*:\\s*\"([^\"]+)\"").find(sandbox.outbox(to = "news@shop.example"))!!.groupValues[1]
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI(link)).build(), HttpResponse.BodyHandlers.discarding())
        println("Verified the sender news@shop.example through the emailed link")

        val template = client.templates().add(NewTemplate(name = "Spring", htmlBody = "<h1>{{subject}}</h1>"))
        val list = client.mailingLists().add("Newsletter")
        sandbox.addSubscribers(list.id, listOf("ann@example.org", "bob@example.org"))
        println("Added the template \"${template.name}\" and the list \"${list.name}\" with 2 subscribers")

        sandbox.setClock("2030-01-01 09:00:00")
        val campaign = client.campaigns().create(
            NewCampaign(
                templateId = template.id,
                mailingListId = list.id,
                campaignName = "Spring newsletter",
                beginsAt = "2030-01-01 09:10:00",
                segment = "all",
                content = CampaignContent(fromEmail = "news@shop.example", subject = "Spring", htmlBody = "<p>Spring</p>"),
            ),
        )
        println("Created the campaign #${campaign.id}: ${campaign.state}")
        sandbox.advanceClock(2 * 3600)
        val finished = client.campaigns().list().single { it.id == campaign.id }
        check(finished.state == "finished") { "the campaign is ${finished.state}" }
        println("Two hours later it is ${finished.state}, ${finished.sentCount} sent")

        try {
            client.templates().get(9999uL)
        } catch (error: SmtpProviderException.NotFound) {
            println("A template that does not exist: ${error::class.simpleName} (${error.message})")
        }
        println("Done: every call of the flow worked.")
    }
}
