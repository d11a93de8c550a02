// Type-checked with `tsc --strict` by the test suite (never run): every call of the package with
// the types it declares, and the mistakes the types must catch.

import {
  Client,
  NotFoundError,
  SmtpProviderError,
  type Campaign,
  type CampaignEditOptions,
  type CampaignOptions,
  type Domain,
  type DomainVerification,
  type DomainView,
  type MailingList,
  type Message,
  type ResponseInfo,
  type Sender,
  type Template,
} from 'smtpprovider'
import { Sandbox } from 'smtpprovider/testing'

export async function everyCall(sandbox: Sandbox): Promise<void> {
  const client: Client = await Client.login({ email: 'demo@example.com', password: 'demo-password', baseUrl: sandbox.baseUrl })
  const fromToken = new Client({ token: '1|t', userId: 1, baseUrl: sandbox.baseUrl, maxRetries: 0 })
  const fromEnv: Client = Client.fromEnv({ timeout: 5000 })
  const controller = new AbortController()
  const options = { signal: controller.signal, timeout: 1000, maxRetries: 1 }

  const domain: Domain = await client.domains.add('example.com', options)
  const domains: Domain[] = await client.domains.list()
  const view: DomainView = await client.domains.view('example.com')
  const verified: DomainVerification = await client.domains.verify('example.com')
  const senders: Sender[] = await client.senders.list()
  const sender: Sender = await client.senders.add('example.com', 'news@example.com', 'News')
  const asked: Message = await client.senders.verify('news@example.com')
  const templates: Template[] = await client.templates.list()
  const defaults: Template[] = await client.templates.defaults()
  const template: Template = await client.templates.get(1)
  const added: Template = await client.templates.add({ name: 'N', html_body: '<p>' })
  const changed: Template = await client.templates.update(added.id, { name: 'M' }, options)
  const lists: MailingList[] = await client.mailingLists.list()
  const list: MailingList = await client.mailingLists.add('List')
  const campaigns: Campaign[] = await client.campaigns.list()
  const campaignOptions: CampaignOptions = await client.campaigns.options()
  const campaign: Campaign = await client.campaigns.create({
    template_id: template.id,
    mailing_list_id: list.id,
    all_request: { from_email: 'news@example.com', subject: 'Hi', html_body: '<p>' },
  })
  const paused: Campaign = await client.campaigns.togglePause(campaign.id)
  const edit: CampaignEditOptions = await client.campaigns.editOptions(campaign.id)
  const update: Message = await client.campaigns.update(campaign.id, { all_request: { from_email: 'news@example.com' } })
  const welcome: Message = await client.mail.sendWelcome('a@example.com', 'Shop')
  const withOptions: Message = await client.mail.sendWelcome('a@example.com', 'Shop', { signal: controller.signal })
  const custom: Message = await client.mail.sendWelcome('a@example.com', 'Shop', 'Hi', '<p>Hi</p>', options)

  const ids: number[] = [domain.id, sender.id, template.id, list.id, campaign.id, edit.campaign.id]
  const texts: Array<string | null> = [view.domain.host, verified.message, asked.message, update.message, welcome.message]
  const flags: Array<boolean | null> = [verified.success, paused.paused, withOptions.message === custom.message]
  const counts = [domains, senders, templates, defaults, lists, campaigns, campaignOptions.vmtas].map((l) => l.length)
  console.log(ids, texts, flags, counts, changed.name, client.user?.email, fromToken.userId, fromEnv.baseUrl)
  const answer: ResponseInfo | null = client.lastResponse
  if (answer !== null) {
    const status: number = answer.status
    console.log(answer.endpoint, status, answer.headers['x-ratelimit-remaining'], answer.rateLimit?.reset?.getTime())
  }

  try {
    await client.templates.get(9999)
  } catch (error) {
    if (error instanceof NotFoundError) {
      const code: 'NotFound' = error.code
      const status: number | null = error.status
      console.log(code, status, error.endpoint, error.messages, error.retryAfter)
    } else if (error instanceof SmtpProviderError) {
      console.log(error.code)
    }
  }

  // @ts-expect-error a misspelt request field is a type error
  await client.templates.add({ name: 'N', html_bdy: '<p>' })
  // @ts-expect-error ids are numbers, not strings
  await client.templates.get('1')
  // @ts-expect-error a missing required argument
  await client.senders.add('example.com', 'news@example.com')
  // @ts-expect-error a misspelt result field
  console.log(domain.domain_nam)
  // @ts-expect-error an unknown call option
  await client.domains.list({ signl: controller.signal })
  client.close()
}
