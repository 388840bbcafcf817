/**
 * Cloud messaging: AWS SDK v3 and v2 (SNS publish routed to SQS queues subscribed in code, SQS
 * send/receive, EventBridge put-events, Lambda invoke by invocation type, sqs-consumer) and
 * Google Cloud Pub/Sub topics and subscriptions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

describe('AWS', () => {
  it('SQS: a send reaches the service receiving from the same queue (URL or environment variable)', () => {
    const model = system(
      service('orders', {
        'src/sqs.ts': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport async function f() {\n  await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/orders-queue', MessageBody: '{}' }));\n  const cmd = new SendMessageCommand({ QueueUrl: process.env.BILLING_QUEUE_URL, MessageBody: '{}' });\n  await sqs.send(cmd);\n}\n`,
      }),
      service('shipping', {
        'src/poll.ts': `import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport async function poll() {\n  for (;;) await sqs.send(new ReceiveMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/orders-queue' }));\n}\n`,
      }),
      service('billing', {
        'src/consumer.ts': `import { Consumer } from 'sqs-consumer';\nConsumer.create({ queueUrl: process.env.BILLING_QUEUE_URL!, handleMessage: async (m) => { console.log(m); } }).start();\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'sqs')), [
      'orders -event-> shipping [https://sqs.eu-west-1.amazonaws.com/123/orders-queue]',
      'orders -event-> billing [{?}]',
    ]);
  });

  it('SNS: a topic reaches the queues subscribed to it in code; without subscriptions, nobody', () => {
    const model = system(
      service('orders', {
        'src/sns.ts': `import { SNSClient, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';\nconst sns = new SNSClient({});\nconst TOPIC = 'arn:aws:sns:eu-west-1:123:order-events';\nexport async function setup() { await sns.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-west-1:123:shipping-orders' })); }\nexport async function f() {\n  await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: '{}' }));\n  await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123:other', Message: '{}' }));\n}\n`,
      }),
      service('shipping', {
        'src/poll.ts': `import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';\nexport async function poll(sqs: SQSClient) { await sqs.send(new ReceiveMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/shipping-orders' })); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'sns')), [
      'orders -event-> shipping [arn:aws:sns:eu-west-1:123:order-events]',
      'orders -event-> (none) [arn:aws:sns:eu-west-1:123:other]',
    ]);
  });

  it('v2 SDK methods with the same inputs', () => {
    const model = system(
      service('orders', {
        'src/aws.ts': `import AWS from 'aws-sdk';\nconst sqs = new AWS.SQS();\nexport async function f() { await sqs.sendMessage({ QueueUrl: 'https://sqs/123/jobs', MessageBody: '' }).promise(); }\n`,
      }),
      service('worker', {
        'src/aws.ts': `import AWS from 'aws-sdk';\nconst sqs = new AWS.SQS();\nexport async function f() { await sqs.receiveMessage({ QueueUrl: 'https://sqs/123/jobs' }).promise(); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'sqs')), ['orders -event-> worker [https://sqs/123/jobs]']);
  });

  it('SQS: a queue URL looked up by name (getQueueUrl, GetQueueUrlCommand) sends to that queue', () => {
    const model = system(
      service('importer', {
        'src/v2.ts': `import { SQS } from 'aws-sdk';\nconst sqs = new SQS();\nexport async function f(rows: string[]) {\n  const { QueueUrl } = await sqs.getQueueUrl({ QueueName: 'rows' }).promise();\n  for (const r of rows) sqs.sendMessage({ MessageBody: r, QueueUrl }).promise();\n}\n`,
        'src/v3.ts': `import { SQSClient, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport async function g() {\n  const res = await sqs.send(new GetQueueUrlCommand({ QueueName: 'audit' }));\n  await sqs.send(new SendMessageCommand({ QueueUrl: res.QueueUrl, MessageBody: '{}' }));\n}\n`,
      }),
      service('catalog', {
        'src/poll.ts': `import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';\nexport async function poll(sqs: SQSClient) { await sqs.send(new ReceiveMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/rows' })); }\n`,
      }),
      service('audit', {
        'src/poll.ts': `import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';\nexport async function poll(sqs: SQSClient) { await sqs.send(new ReceiveMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123/audit' })); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'sqs')).sort(), [
      'importer -event-> audit [audit]',
      'importer -event-> catalog [rows]',
    ]);
  });

  it('EventBridge events have no subscriber in code; Lambda invocations are fire-and-forget or requests', () => {
    const model = system(
      service('orders', {
        'src/aws.ts': `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';\nimport { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';\nconst eb = new EventBridgeClient({});\nconst lambda = new LambdaClient({});\nexport async function f() {\n  await eb.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: '{}', EventBusName: 'shop' }] }));\n  await lambda.send(new InvokeCommand({ FunctionName: 'billing', InvocationType: 'Event', Payload: undefined }));\n  const r = await lambda.send(new InvokeCommand({ FunctionName: 'billing' }));\n  return r;\n}\n`,
      }),
      service('billing', {}),
    );
    assert.deepEqual(summary(messages(model)), [
      'orders -event-> (none) [orders/OrderPlaced]',
      'orders -fire-and-forget-> billing [billing]',
      'orders -sync-request-response-> billing [billing]',
    ]);
    assert.equal(messages(model, 'eventbridge')[0]?.target, 'eventbridge shop orders/OrderPlaced');
  });
});

describe('Google Cloud Pub/Sub', () => {
  it('a topic reaches subscriptions hanging off it, created from it, or named after it', () => {
    const model = system(
      service('orders', {
        'src/pubsub.ts': `import { PubSub } from '@google-cloud/pubsub';\nconst pubsub = new PubSub();\nexport async function f() {\n  await pubsub.topic('order-created').publishMessage({ json: {} });\n  const t = pubsub.topic('order-paid');\n  await t.publishMessage({ data: Buffer.from('{}') });\n}\n`,
      }),
      service('shipping', {
        'src/sub.ts': `import { PubSub } from '@google-cloud/pubsub';\nconst pubsub = new PubSub();\npubsub.topic('order-created').subscription('shipping-sub').on('message', (m) => m.ack());\n`,
      }),
      service('mail', {
        'src/sub.ts': `import { PubSub } from '@google-cloud/pubsub';\nconst pubsub = new PubSub();\nconst sub = pubsub.subscription('order-paid-mail');\nsub.on('message', onPaid);\nfunction onPaid(m: any) { m.ack(); }\n`,
      }),
      service('billing', {
        'src/sub.ts': `import { PubSub } from '@google-cloud/pubsub';\nconst pubsub = new PubSub();\nexport async function setup() { await pubsub.topic('order-created').createSubscription('billing-in'); }\npubsub.subscription('billing-in').on('message', (m) => m.ack());\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'pubsub')), ['orders -event-> billing,shipping [order-created]', 'orders -event-> mail [order-paid]']);
    assert.equal(subscriptions(model, 'mail')[0]?.handler, 'mail/src/sub.ts#onPaid');
  });
});
