// Generated from quickstart.ts by `node scripts/examples.js` (TypeScript types stripped): do not edit.
// The whole SMTPProvider onboarding through the Node package, against an embedded sandbox (the
// same walk as the CLI's `smtpprovider quickstart`): log in, add a domain and publish its DKIM
// record, verify it, add a sender and verify it through the emailed link, add a template and a
// mailing list with subscribers, create a campaign, pause, resume, edit and update it, deliver
// it on the sandbox clock, send a welcome mail, and show what the sandbox "sent".
//
//     node examples/quickstart.mjs
//
// quickstart.mjs is this file with its types stripped (`node scripts/examples.js` writes it);
// the test suite type-checks this one with `tsc --strict` and runs that one.
//
// Every API call is a call of `Client`; only the stand-ins for the outside world (DNS, the
// recipient's inbox, subscribers, the clock) are sandbox methods. Exits non-zero, saying why, if
// a step does not turn out as expected.
import { Client, SmtpProviderError } from 'smtpprovider';
import { Sandbox } from 'smtpprovider/testing';
const SUBSCRIBERS = 25;
let step = 0;
const say = (text) => console.log(`${String(++step).padStart(2)}. ${text}`);
const check = (ok, failure) => {
    if (!ok)
        throw new Error(failure);
};
async function onboard(sandbox, domainName) {
    const client = await Client.login({ email: Sandbox.DEMO_EMAIL, password: Sandbox.DEMO_PASSWORD, baseUrl: sandbox.baseUrl });
    say(`Logged in as ${client.user?.email} (user id ${client.userId})`);
    const domain = await client.domains.add(domainName);
    say(`Added the domain ${domainName} (id ${domain.id}, status ${domain.status})`);
    const view = await client.domains.view(domainName);
    say(`Read the ${view.dns_records.length} DNS records ${domainName} needs`);
    check(domain.host !== null && domain.public_key !== null, `the API gave ${domainName} no DKIM record`);
    sandbox.publishDns(domain.host ?? '', domain.public_key ?? '');
    say(`Published the DKIM TXT record at ${domain.host}`);
    const verification = await client.domains.verify(domainName);
    check(verification.success, `${domainName} did not verify: ${verification.message}`);
    say(`Verified ${domainName}: ${verification.message}`);
    const fromEmail = `news@${domainName}`;
    const sender = await client.senders.add(domainName, fromEmail, 'Example News');
    say(`Added the sender ${fromEmail} (id ${sender.id}, status ${sender.status})`);
    say(`Requested its verification: ${(await client.senders.verify(fromEmail)).message}`);
    await sandbox.followVerificationLink(fromEmail);
    const senders = await client.senders.list();
    const status = senders.find((s) => s.from_email === fromEmail)?.status;
    check(status === 'verified', `${fromEmail} is ${status} after following its link`);
    say(`Followed the emailed link: ${fromEmail} is verified`);
    const html = '<h1>{{subject}}</h1><p>Spring is here, and so are our new arrivals.</p>';
    const template = await client.templates.add({ name: 'Spring newsletter', html_body: html, active: true });
    say(`Added the template "${template.name}" (id ${template.id})`);
    const list = await client.mailingLists.add('Newsletter subscribers');
    sandbox.addSubscribers(list.id, { count: SUBSCRIBERS });
    say(`Added the mailing list "${list.name}" with ${SUBSCRIBERS} subscribers`);
    const options = await client.campaigns.options();
    say(`Read the campaign options: ${options.templates.length} templates, ${options.vmtas.length} VMTAs`);
    const now = new Date(sandbox.clock().now.replace(' ', 'T') + 'Z');
    const beginsAt = new Date(now.getTime() + 10 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    const content = { from_email: fromEmail, subject: 'Spring is here', html_body: html, from_name: 'Example News', speed: 60 };
    const campaign = await client.campaigns.create({
        template_id: template.id,
        mailing_list_id: list.id,
        campaign_name: 'Spring newsletter',
        begins_at: beginsAt,
        segment: 'all',
        all_request: content,
    });
    check(campaign.state === 'scheduled', `the new campaign is ${campaign.state}`);
    say(`Created the campaign #${campaign.id}, beginning at ${beginsAt}: ${campaign.state}`);
    check((await client.campaigns.togglePause(campaign.id)).paused === true, 'pausing did not pause');
    check((await client.campaigns.togglePause(campaign.id)).paused === false, 'resuming did not resume');
    say('Paused and resumed it');
    const edit = await client.campaigns.editOptions(campaign.id);
    say(`Read it for editing: "${edit.campaign.campaign_name}", ${edit.campaign.state}`);
    const updated = await client.campaigns.update(campaign.id, {
        campaign_name: 'Spring newsletter (final)',
        all_request: { ...content, speed: 120 },
    });
    say(`Updated it to 120 messages/hour: ${updated.message}`);
    for (let tick = 0;; tick++) {
        check(tick < 50, `campaign #${campaign.id} had not finished after 50 clock ticks`);
        const clock = sandbox.advanceClock(300);
        const current = (await client.campaigns.list()).find((c) => c.id === campaign.id);
        if (current?.state === 'finished') {
            check(current.sent_count === SUBSCRIBERS, `it finished with ${current.sent_count} of ${SUBSCRIBERS} sent`);
            say(`Moved the sandbox clock to ${clock.now}: the campaign finished, ${current.sent_count} sent`);
            break;
        }
    }
    const welcome = await client.mail.sendWelcome('customer@example.org', 'Example Shop', 'Welcome', '<h1>Welcome!</h1>');
    say(`Sent a welcome mail to customer@example.org: ${welcome.message}`);
    say(`The sandbox's outbox holds ${sandbox.outbox().length} messages`);
    client.close();
}
async function main() {
    console.log('smtpprovider quickstart (Node): the whole onboarding against a sandbox\n');
    const sandbox = await Sandbox.start();
    say(`Started an embedded sandbox at ${sandbox.baseUrl}`);
    try {
        await onboard(sandbox, 'example.com');
        console.log('\nDone: every call of the onboarding worked.');
    }
    catch (failure) {
        const kind = failure instanceof SmtpProviderError ? ` (${failure.code})` : '';
        const message = failure instanceof Error ? failure.message : String(failure);
        console.error(`\nquickstart failed at step ${step + 1}${kind}: ${message}`);
        process.exitCode = 1;
    }
    finally {
        sandbox.stop();
    }
}
void main();
