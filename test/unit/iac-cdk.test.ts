/**
 * AWS CDK read statically: functions belong to the services their handler folders are, an
 * EventBridge put in a handler reaches the targets of the rules whose patterns it satisfies (and
 * not the others), SNS subscriptions and SQS event sources make subscribers, a Step Functions task
 * is an interaction of its state machine, an API Gateway route is an endpoint another service
 * calls, a table granted to two services' functions is common data, and a Python function is a
 * service marked not analysed that edges still reach.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from './helpers/workspace';

const STACK = `import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

const SOURCE = 'shop.orders';

export class ShopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const bus = new events.EventBus(this, 'ShopBus', { eventBusName: 'shop-bus' });
    const table = new dynamodb.Table(this, 'OrdersTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const topic = new sns.Topic(this, 'OrderTopic');
    const queue = new sqs.Queue(this, 'ShippingQueue');

    const orders = new NodejsFunction(this, 'PlaceOrder', {
      entry: path.join(__dirname, '../services/orders/place.ts'),
      environment: { TABLE_NAME: table.tableName, BUS_NAME: bus.eventBusName, TOPIC_ARN: topic.topicArn, QUEUE_URL: queue.queueUrl },
    });
    const billing = new NodejsFunction(this, 'Charge', { entry: path.join(__dirname, '../services/billing/charge.ts') });
    const audit = new NodejsFunction(this, 'Audit', { entry: path.join(__dirname, '../services/audit/audit.ts'), environment: { TABLE_NAME: table.tableName } });
    const mailer = new NodejsFunction(this, 'Mailer', { entry: path.join(__dirname, '../services/mailer/send.ts') });
    const shipping = new NodejsFunction(this, 'Ship', { entry: path.join(__dirname, '../services/shipping/ship.ts') });
    const catalog = new NodejsFunction(this, 'Catalog', { entry: path.join(__dirname, '../services/catalog/list.ts') });
    const fraud = new lambda.Function(this, 'FraudCheck', {
      runtime: lambda.Runtime.PYTHON_3_12,
      code: lambda.Code.fromAsset(path.join(__dirname, '../services/fraud')),
      handler: 'app.handler',
    });

    new events.Rule(this, 'OrderPlacedToBilling', {
      eventBus: bus,
      eventPattern: { source: [SOURCE], detailType: ['OrderPlaced'] },
      targets: [new targets.LambdaFunction(billing)],
    });
    const prefixRule = new events.Rule(this, 'AllOrderEvents', { eventBus: bus, eventPattern: { source: [{ prefix: 'shop.' }] } });
    prefixRule.addTarget(new targets.LambdaFunction(audit));
    new events.Rule(this, 'Refunds', {
      eventBus: bus,
      eventPattern: { source: [SOURCE], detailType: ['RefundIssued'] },
      targets: [new targets.LambdaFunction(mailer)],
    });
    new events.Rule(this, 'NotFromOrders', {
      eventBus: bus,
      eventPattern: { source: [{ 'anything-but': ['shop.orders'] }] },
      targets: [new targets.LambdaFunction(fraud)],
    });

    topic.addSubscription(new subs.LambdaSubscription(mailer));
    shipping.addEventSource(new SqsEventSource(queue));

    table.grantReadWriteData(orders);
    table.grantReadData(audit);

    const api = new apigw.RestApi(this, 'ShopApi');
    const items = api.root.addResource('catalog').addResource('{id}');
    items.addMethod('GET', new apigw.LambdaIntegration(catalog));
    shipping.addEnvironment('API_URL', api.url);

    const check = new tasks.LambdaInvoke(this, 'CheckFraud', { lambdaFunction: fraud });
    const notify = new tasks.EventBridgePutEvents(this, 'AnnounceRefund', {
      entries: [{ source: SOURCE, detailType: 'RefundIssued', detail: sfn.TaskInput.fromObject({}), eventBus: bus }],
    });
    new sfn.StateMachine(this, 'RefundFlow', { definitionBody: sfn.DefinitionBody.fromChainable(check.next(notify)) });
  }
}
`;

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop-infra', dependencies: { 'aws-cdk-lib': '*', constructs: '*' } }),
  'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts' }),
  'bin/app.ts': `import { App } from 'aws-cdk-lib';\nimport { ShopStack } from '../lib/shop-stack';\nnew ShopStack(new App(), 'Shop');\n`,
  'lib/shop-stack.ts': STACK,
  'services/orders/place.ts': `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const eb = new EventBridgeClient({});
const sns = new SNSClient({});
const sqs = new SQSClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: { body: string }) => {
  const order = JSON.parse(event.body);
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: order }));
  await eb.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', EventBusName: process.env.BUS_NAME, Detail: JSON.stringify(order) }] }));
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: 'x' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }));
  return { statusCode: 201 };
};
`,
  'services/billing/charge.ts': `export const handler = async () => ({ ok: true });\n`,
  'services/audit/audit.ts': `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export async function handler() {
  return client.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
}
`,
  'services/mailer/send.ts': `export const handler = async () => undefined;\n`,
  'services/shipping/ship.ts': `export const handler = async () => {
  const res = await fetch(process.env.API_URL + '/catalog/42');
  return res.json();
};
`,
  'services/catalog/list.ts': `export const handler = async () => ({ statusCode: 200, body: '[]' });\n`,
  'services/fraud/app.py': `def handler(event, context):\n    return {"ok": True}\n`,
};

describe('AWS CDK', () => {
  const model = analyzeFiles(FILES);
  const byLine = (file: string, needle: string): number => FILES[file]!.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('makes a service of each handler folder, and of a Python function (not analysed)', () => {
    const names = model.services.map((s) => `${s.name}:${s.root}${s.notAnalysed ? ' (not analysed)' : ''}`);
    for (const want of ['orders:services/orders', 'billing:services/billing', 'audit:services/audit', 'mailer:services/mailer', 'shipping:services/shipping', 'catalog:services/catalog', 'fraud-check:services/fraud (not analysed)']) {
      assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
    }
  });

  it('matches a PutEvents to the rules whose patterns it satisfies, and not the others', () => {
    const put = model.interactions.find((i) => i.file === 'services/orders/place.ts' && i.mechanism === 'eventbridge');
    assert.ok(put, 'the put is an interaction');
    assert.equal(put.line, byLine('services/orders/place.ts', 'PutEventsCommand({'));
    assert.equal(put.style, 'event');
    // exact source and detail type (billing), source prefix (audit); not the RefundIssued rule (mailer) nor anything-but (fraud)
    assert.deepEqual([...put.callees].sort(), ['audit', 'billing']);
  });

  it('links an SNS publish to the subscribed function and an SQS send to the event source', () => {
    const snsPub = model.interactions.find((i) => i.file === 'services/orders/place.ts' && i.mechanism === 'sns');
    assert.deepEqual(snsPub?.callees, ['mailer']);
    const sqsSend = model.interactions.find((i) => i.file === 'services/orders/place.ts' && i.mechanism === 'sqs');
    assert.deepEqual(sqsSend?.callees, ['shipping']);
  });

  it('reports Step Functions tasks as interactions of the state machine', () => {
    const tasks = model.interactions.filter((i) => i.service === 'RefundFlow').map((i) => `${i.style} ${[...i.callees].sort().join(',')}`).sort();
    // the refund event reaches the mailer's rule and the audit prefix rule
    assert.deepEqual(tasks, ['event audit,mailer', 'sync-request-response fraud-check']);
  });

  it('serves an API Gateway route that another service calls', () => {
    const route = model.endpoints.find((e) => e.service === 'catalog' && e.kind === 'http');
    assert.equal(route?.path, '/catalog/{id}');
    assert.equal(route?.method, 'GET');
    const call = model.interactions.find((i) => i.file === 'services/shipping/ship.ts');
    assert.deepEqual(call?.callees, ['catalog']);
    assert.equal(call?.style, 'sync-request-response');
  });

  it('reports a table granted to two services as common data, from the code where it is used', () => {
    const data = model.interactions.filter((i) => i.style === 'common-data').map((i) => `${i.service} ${i.access} ${i.file}:${i.line} -> ${[...i.callees].sort().join(',')}`).sort();
    assert.deepEqual(data, [
      `audit read services/audit/audit.ts:${byLine('services/audit/audit.ts', 'ScanCommand({')} -> audit,orders`,
      `orders write services/orders/place.ts:${byLine('services/orders/place.ts', 'PutCommand({')} -> audit,orders`,
    ]);
  });

  it('draws edges into the Python function from rules and tasks', () => {
    const fraud = model.endpoints.filter((e) => e.service === 'fraud-check');
    assert.ok(fraud.some((e) => e.mechanism === 'eventbridge'), 'the anything-but rule is its subscription');
  });
});

describe('AWS CDK constructs handed between the app’s own constructs', () => {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'infra' }),
    'cdk.json': '{}',
    'lib/storage.ts': `import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
export class Storage extends Construct {
  public readonly ledger: Table;
  public readonly jobs: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.ledger = this.makeTable();
    this.jobs = new Queue(this, 'Jobs');
  }
  private makeTable() {
    const t = new Table(this, 'Ledger', { tableName: 'ledger', partitionKey: { name: 'id', type: AttributeType.STRING } });
    return t;
  }
}
`,
    'lib/services.ts': `import { join } from 'path';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaRestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
interface Props { ledger: ITable; jobs: IQueue }
export class Services extends Construct {
  constructor(scope: Construct, id: string, props: Props) {
    super(scope, id);
    const writer = this.fn('Writer', 'writer', props.ledger);
    const worker = new NodejsFunction(this, 'Worker', { entry: join(__dirname, '../src/worker/main.ts'), environment: { QUEUE: props.jobs.queueName } });
    worker.addEventSource(new SqsEventSource(props.jobs));
    props.ledger.grantReadData(worker);
    this.api(writer);
  }
  private fn(id: string, dir: string, table: ITable) {
    const f = new NodejsFunction(this, id, { entry: join(__dirname, \`../src/\${dir}/main.ts\`), environment: { LEDGER: table.tableName, JOBS: 'Jobs' } });
    table.grantReadWriteData(f);
    return f;
  }
  private api(handler: NodejsFunction) {
    const api = new LambdaRestApi(this, 'Api', { handler, proxy: false });
    api.root.addResource('entries').addMethod('POST');
  }
}
`,
    'lib/stack.ts': `import { Stack } from 'aws-cdk-lib';
import { Storage } from './storage';
import { Services } from './services';
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const storage = new Storage(this, 'Storage');
    new Services(this, 'Services', { ledger: storage.ledger, jobs: storage.jobs });
  }
}
`,
    'src/writer/main.ts': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async () => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.JOBS, MessageBody: '{}' }));
};
`,
    'src/worker/main.ts': `export const handler = async () => undefined;\n`,
  };
  const model = analyzeFiles(files);

  it('follows props, fields and helper methods to the constructs they hold', () => {
    const send = model.interactions.find((i) => i.mechanism === 'sqs');
    assert.deepEqual(send?.callees, ['worker']);
    const route = model.endpoints.find((e) => e.kind === 'http');
    assert.equal(`${route?.service} ${route?.method} ${route?.path}`, 'writer POST /entries');
    // the writer's table is granted to the worker too: shared, the worker's read from its grant
    const data = model.interactions.filter((i) => i.style === 'common-data').map((i) => `${i.service} ${i.access} ${i.file} ${i.store}`).sort();
    assert.deepEqual(data, ['worker read lib/services.ts dynamodb table ledger', 'writer write lib/services.ts dynamodb table ledger']);
  });
});
