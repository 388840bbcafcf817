/**
 * SAM templates (`Transform: AWS::Serverless-2016-10-31`) read as data: functions by CodeUri and
 * Handler (an esbuild entry point for TypeScript), Globals, Api/HttpApi/SQS/SNS/EventBridgeRule
 * events, policy templates naming tables as data access, environment Refs, plain CloudFormation
 * rules with targets, and a Python function shown as not analysed with an edge into it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from './helpers/workspace';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Runtime: nodejs20.x
    Environment:
      Variables:
        INVENTORY_TABLE: !Ref InventoryTable
Resources:
  InventoryTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub 'inventory-\${Stage}'
  RestockQueue:
    Type: AWS::SQS::Queue
  StockEvents:
    Type: AWS::SNS::Topic
  ReserveFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - reserve.ts
    Properties:
      CodeUri: functions/reserve/
      Handler: reserve.handler
      Environment:
        Variables:
          QUEUE_URL: !Ref RestockQueue
          TOPIC_ARN: !Ref StockEvents
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref InventoryTable
        - SQSSendMessagePolicy:
            QueueName: !GetAtt RestockQueue.QueueName
      Events:
        Reserve:
          Type: Api
          Properties:
            Path: /reservations
            Method: post
  RestockFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/restock/
      Handler: app.handler
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref InventoryTable
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt RestockQueue.Arn
  ForecastFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: forecast/
      Handler: app.lambda_handler
      Runtime: python3.12
      Events:
        Stock:
          Type: SNS
          Properties:
            Topic: !Ref StockEvents
        Low:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [inventory]
              detail-type: [{ prefix: 'Stock' }]
  AuditFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/audit/
      Handler: index.handler
  AuditRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [payments]
      Targets:
        - Arn: !GetAtt AuditFunction.Arn
          Id: audit
`;

const FILES: Record<string, string> = {
  'template.yaml': TEMPLATE,
  'functions/reserve/reserve.ts': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
const sqs = new SQSClient({});
const sns = new SNSClient({});
const eb = new EventBridgeClient({});
const db = new DynamoDBClient({});
export const handler = async () => {
  await db.send(new UpdateItemCommand({ TableName: process.env.INVENTORY_TABLE, Key: {} }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: '{}' }));
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: '{}' }));
  await eb.send(new PutEventsCommand({ Entries: [{ Source: 'inventory', DetailType: 'StockLow', Detail: '{}' }] }));
  return { statusCode: 200 };
};
`,
  'functions/restock/app.ts': `export const handler = async () => undefined;\n`,
  'functions/audit/index.ts': `export const handler = async () => undefined;\n`,
  'forecast/app.py': `def lambda_handler(event, context):\n    return None\n`,
};

describe('SAM templates', () => {
  const model = analyzeFiles(FILES);
  const lineOf = (file: string, needle: string): number => FILES[file]!.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('makes a service of each function folder; the Python one is not analysed', () => {
    const names = model.services.map((s) => `${s.name}:${s.root}${s.notAnalysed ? ' (not analysed)' : ''}`).sort();
    for (const want of ['reserve:functions/reserve', 'restock:functions/restock', 'audit:functions/audit', 'forecast-function:forecast (not analysed)']) assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
  });

  it('reads an Api event as a route of the function', () => {
    const route = model.endpoints.find((e) => e.kind === 'http');
    assert.equal(`${route?.service} ${route?.method} ${route?.path}`, 'reserve POST /reservations');
  });

  it('links the SQS send, the SNS publish and the put to their subscribers', () => {
    const from = (mechanism: string) => model.interactions.find((i) => i.mechanism === mechanism && i.service === 'reserve');
    assert.deepEqual(from('sqs')?.callees, ['restock']);
    assert.deepEqual(from('sns')?.callees, ['forecast-function']);
    // the prefix pattern matches StockLow; the payments rule of the audit function does not
    assert.deepEqual(from('eventbridge')?.callees, ['forecast-function']);
  });

  it('reports the inventory table as common data, the reader by its policy', () => {
    const data = model.interactions.filter((i) => i.style === 'common-data').map((i) => `${i.service} ${i.access} ${i.file}:${i.line} ${i.store}`).sort();
    assert.deepEqual(data, [
      `reserve write functions/reserve/reserve.ts:${lineOf('functions/reserve/reserve.ts', 'UpdateItemCommand({')} dynamodb table inventory-dev`,
      `restock read template.yaml:${lineOf('template.yaml', '- DynamoDBReadPolicy:')} dynamodb table inventory-dev`,
    ]);
  });
});
