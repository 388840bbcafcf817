/**
 * Serverless Framework systems read from `serverless.yml` (never run): each file is a service,
 * its functions' handlers are its code, http/httpApi events are routes other services call, sqs,
 * sns and eventBridge events are subscriptions (a rule's pattern decides which puts reach it),
 * `${self:...}`/`${opt:...}` variables and CloudFormation tags resolve names, IAM statements on
 * a table are data access, and a Python function is a service not analysed that edges reach.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from './helpers/workspace';

const ORDERS_YML = `service: orders
frameworkVersion: '3'
custom:
  tableName: \${self:service}-\${opt:stage, 'dev'}-orders
  busName: shop-bus
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    ORDERS_TABLE: \${self:custom.tableName}
    BUS_NAME: \${self:custom.busName}
    TOPIC_ARN: !Ref OrderEventsTopic
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:GetItem]
          Resource: !GetAtt OrdersTable.Arn
functions:
  placeOrder:
    handler: src/handlers/place.handler
    events:
      - httpApi:
          method: POST
          path: /orders
  getOrder:
    handler: src/handlers/get.handler
    events:
      - httpApi: 'GET /orders/{id}'
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:custom.tableName}
        BillingMode: PAY_PER_REQUEST
    OrderEventsTopic:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: order-events
`;

const BILLING_YML = `service: billing
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    ORDERS_API: https://api.example.internal
functions:
  charge:
    handler: src/charge.main
    events:
      - eventBridge:
          eventBus: shop-bus
          pattern:
            source:
              - shop.orders
            detail-type:
              - OrderPlaced
  refund:
    handler: src/refund.main
    events:
      - eventBridge:
          eventBus: shop-bus
          pattern:
            source: [shop.payments]
  notify:
    handler: src/notify.main
    events:
      - sns:
          arn: arn:aws:sns:eu-west-1:123456789012:order-events
          topicName: order-events
      - sqs:
          arn: !GetAtt ReceiptsQueue.Arn
resources:
  Resources:
    ReceiptsQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: receipts
`;

const REPORTS_YML = `service: reports
provider:
  name: aws
  runtime: python3.12
  iamRoleStatements:
    - Effect: Allow
      Action: [dynamodb:Query, dynamodb:Scan]
      Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders-dev-orders
functions:
  daily:
    handler: reports/daily.handler
    events:
      - http:
          path: reports/daily
          method: get
`;

const FILES: Record<string, string> = {
  'orders/serverless.yml': ORDERS_YML,
  'orders/package.json': JSON.stringify({ name: 'orders' }),
  'orders/src/handlers/place.ts': `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const eb = new EventBridgeClient({});
const sns = new SNSClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: { body: string }) => {
  const order = JSON.parse(event.body);
  await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: order }));
  await eb.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', EventBusName: process.env.BUS_NAME, Detail: '{}' }] }));
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: '{}' }));
  return { statusCode: 201 };
};
`,
  'orders/src/handlers/get.ts': `export const handler = async () => ({ statusCode: 200 });\n`,
  'billing/serverless.yml': BILLING_YML,
  'billing/package.json': JSON.stringify({ name: 'billing' }),
  'billing/src/charge.ts': `export async function main(event: { detail: { id: string } }) {
  const res = await fetch(\`\${process.env.ORDERS_API}/orders/\${event.detail.id}\`);
  return res.json();
}
`,
  'billing/src/refund.ts': `export const main = async () => undefined;\n`,
  'billing/src/notify.ts': `export const main = async () => undefined;\n`,
  'reports/serverless.yml': REPORTS_YML,
  'reports/reports/daily.py': `def handler(event, context):\n    return {}\n`,
};

describe('Serverless Framework', () => {
  const model = analyzeFiles(FILES);
  const lineOf = (file: string, needle: string): number => FILES[file]!.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('makes each serverless.yml a service; a Python one is not analysed', () => {
    const names = model.services.map((s) => `${s.name}:${s.root}${s.notAnalysed ? ' (not analysed)' : ''}`).sort();
    for (const want of ['billing:billing', 'orders:orders', 'reports:reports (not analysed)']) assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
  });

  it('turns http and httpApi events into routes', () => {
    const routes = model.endpoints.filter((e) => e.kind === 'http').map((e) => `${e.service} ${e.method} ${e.path}`).sort();
    assert.deepEqual(routes, ['orders GET /orders/{id}', 'orders POST /orders', 'reports GET /reports/daily']);
    const get = model.endpoints.find((e) => e.path === '/orders/{id}');
    assert.equal(get?.line, lineOf('orders/serverless.yml', "httpApi: 'GET /orders/{id}'"));
  });

  it('matches the put to the eventBridge pattern it satisfies only', () => {
    const put = model.interactions.find((i) => i.mechanism === 'eventbridge');
    assert.equal(put?.file, 'orders/src/handlers/place.ts');
    assert.deepEqual(put?.callees, ['billing']);
    assert.ok(put?.endpoints.every((e) => e.includes('charge') || e.includes('rule')), put?.endpoints.join(', '));
    const endpoint = model.endpoints.find((e) => put?.endpoints.includes(e.id));
    assert.equal(endpoint?.handler, 'billing/src/charge.ts#main');
  });

  it('links an SNS publish through a Ref-named topic to the sns event', () => {
    const pub = model.interactions.find((i) => i.mechanism === 'sns');
    assert.deepEqual(pub?.callees, ['billing']);
  });

  it('reports the table the code writes and the Python service reads (IAM) as common data', () => {
    const data = model.interactions.filter((i) => i.style === 'common-data').map((i) => `${i.service} ${i.access} ${i.file}:${i.line} ${i.store}`).sort();
    assert.deepEqual(data, [
      `orders write orders/src/handlers/place.ts:${lineOf('orders/src/handlers/place.ts', 'PutCommand({')} dynamodb table orders-dev-orders`,
      `reports read reports/serverless.yml:${lineOf('reports/serverless.yml', '- Effect: Allow')} dynamodb table orders-dev-orders`,
    ]);
  });
});

describe('Serverless Framework in TypeScript (serverless.ts)', () => {
  const files: Record<string, string> = {
    'shop/package.json': JSON.stringify({ name: 'shop', devDependencies: { '@serverless/typescript': '*' } }),
    'shop/serverless.ts': `import type { AWS } from '@serverless/typescript';
import checkout from '@functions/checkout';
import fulfil from '@functions/fulfil';
const QUEUE = 'fulfilment';
const config: AWS = {
  service: 'shop',
  provider: { name: 'aws', runtime: 'nodejs20.x', environment: { QUEUE_NAME: QUEUE } },
  functions: { checkout, fulfil },
  resources: { Resources: { FulfilmentQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: QUEUE } } } },
};
module.exports = config;
`,
    'shop/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@functions/*': ['src/functions/*'] } } }),
    'shop/src/libs/handler-resolver.ts': `export const handlerPath = (context: string) => context.split(process.cwd())[1];\n`,
    'shop/src/functions/checkout/index.ts': `import { handlerPath } from '@libs/handler-resolver';
export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  events: [{ http: { method: 'post', path: 'checkout' } }],
};
`,
    'shop/src/functions/checkout/handler.ts': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const main = async () => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_NAME, MessageBody: '{}' }));
  return { statusCode: 202 };
};
`,
    'shop/src/functions/fulfil/index.ts': `import { handlerPath } from '@libs/handler-resolver';
export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  events: [{ sqs: { arn: { 'Fn::GetAtt': ['FulfilmentQueue', 'Arn'] } } }],
};
`,
    'shop/src/functions/fulfil/handler.ts': `export const main = async () => undefined;\n`,
  };
  const model = analyzeFiles(files);

  it('reads functions imported into serverless.ts, their handlers and events', () => {
    assert.ok(model.services.some((s) => s.name === 'shop' && s.root === 'shop'));
    const route = model.endpoints.find((e) => e.kind === 'http');
    assert.equal(`${route?.method} ${route?.path} ${route?.handler}`, 'POST /checkout shop/src/functions/checkout/handler.ts#main');
    const sub = model.endpoints.find((e) => e.mechanism === 'sqs');
    assert.equal(sub?.channel, 'fulfilment');
    assert.equal(sub?.handler, 'shop/src/functions/fulfil/handler.ts#main');
  });
});

describe('Serverless Framework across stacks (Fn::ImportValue)', () => {
  // the queue is declared and exported by the sender's stack; the consumer's sqs event imports its ARN
  const files: Record<string, string> = {
    'uploads/serverless.yml': `service: uploads
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    ROWS_URL: !Ref RowsQueue
functions:
  parse:
    handler: src/parse.handler
resources:
  Resources:
    RowsQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: parsed-rows
  Outputs:
    RowsQueueArn:
      Value: !GetAtt RowsQueue.Arn
      Export:
        Name: rows-queue-arn
`,
    'uploads/src/parse.ts': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport const handler = async () => {\n  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ROWS_URL, MessageBody: '{}' }));\n};\n`,
    'catalog/serverless.yml': `service: catalog
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    ROWS_ARN:
      Fn::ImportValue: rows-queue-arn
    OTHER_ARN: !ImportValue not-exported-anywhere
functions:
  ingest:
    handler: src/ingest.handler
    events:
      - sqs:
          arn: \${self:provider.environment.ROWS_ARN}
  other:
    handler: src/other.handler
    events:
      - sqs:
          arn: \${self:provider.environment.OTHER_ARN}
`,
    'catalog/src/ingest.ts': `export const handler = async (event: { Records: unknown[] }) => event.Records.length;\n`,
    'catalog/src/other.ts': `export const handler = async () => 0;\n`,
  };
  const model = analyzeFiles(files);

  it('follows an imported value to the exporting stack\'s queue; an import nobody exports stays unknown', () => {
    const send = model.interactions.find((i) => i.mechanism === 'sqs');
    assert.equal(send?.service, 'uploads');
    assert.deepEqual(send?.callees, ['catalog']);
    const queues = model.endpoints.filter((e) => e.mechanism === 'sqs').map((e) => `${e.service} ${e.channel}`);
    assert.deepEqual(queues, ['catalog parsed-rows']);
  });
});
