'use strict';
// A bank ledger client in Node.js over AMQP 1.0, without any Java: it opens an account and
// deposits into it, then prints both replies. It follows the contract of bank-protocol/README.md:
//   - the command is a JSON *string* body (Artemis turns it into a JMS TextMessage),
//   - sent durable (persistent) to the anycast queue bank.requests,
//   - correlation_id = the command's commandId (arrives as JMSCorrelationID),
//   - reply_to = the address of a dynamic receiver (arrives as JMSReplyTo; the broker creates a
//     temporary queue for it and removes it when this connection closes).
// Replies come back with the same correlation_id. Commands are sent one after the other: the
// deposit only makes sense once the account exists.

const crypto = require('crypto');
const rhea = require('rhea');

const host = process.env.BANK_AMQP_HOST || '127.0.0.1';
const port = Number(process.env.BANK_AMQP_PORT || 61616);
// The broker's development client login (bank-node/src/main/resources/broker/artemis-users.properties):
// role "client" may send to bank.requests and read its own temporary reply queue. SASL PLAIN.
const username = process.env.BANK_AMQP_USER || 'bank-client';
const password = process.env.BANK_AMQP_PASSWORD || 'bank-client-dev';
const replyTimeoutMs = Number(process.env.BANK_REPLY_TIMEOUT_MS || 20000);
// A fresh account id per run, so running the example twice does not get ACCOUNT_EXISTS.
const accountId = process.env.BANK_ACCOUNT_ID || `node-amqp-${crypto.randomBytes(4).toString('hex')}`;

const commands = [
  { type: 'open-account', commandId: crypto.randomUUID(), accountId, owner: 'Node Example', currency: 'BRL' },
  { type: 'deposit', commandId: crypto.randomUUID(), accountId, amountMinor: 150000 },
];

const container = rhea.create_container({ id: `bank-node-amqp-example-${process.pid}` });
const waiting = new Map(); // commandId -> { resolve, timer }
let sender;
let replyAddress;

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

function send(command) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(command.commandId);
      reject(new Error(`no reply to ${command.type} ${command.commandId} within ${replyTimeoutMs} ms`));
    }, replyTimeoutMs);
    waiting.set(command.commandId, { resolve, timer });
    const body = JSON.stringify(command);
    console.log(`-> ${body}`);
    sender.send({
      durable: true,
      message_id: command.commandId,
      correlation_id: command.commandId,
      reply_to: replyAddress,
      content_type: 'application/json',
      body, // a string: an AMQP string value, which Artemis maps to a JMS TextMessage
    });
  });
}

async function run(connection) {
  try {
    for (const command of commands) {
      const reply = await send(command);
      console.log(`<- ${JSON.stringify(reply)}`);
      if (reply.status !== 'OK') {
        throw new Error(`${command.type} was ${reply.status}: ${reply.reason}`);
      }
    }
    connection.close();
  } catch (error) {
    connection.close();
    fail(error.message);
  }
}

container.on('receiver_open', (context) => {
  // The broker has named the dynamic receiver's temporary queue: replies go there.
  replyAddress = context.receiver.source.address;
  console.log(`connected to amqp://${host}:${port}; replies to ${replyAddress}`);
  sender = context.connection.open_sender({ target: { address: 'bank.requests' } });
});

container.on('sendable', (context) => {
  if (context.sender === sender && !sender.started) {
    sender.started = true;
    run(context.connection);
  }
});

container.on('message', (context) => {
  const message = context.message;
  const body = typeof message.body === 'string' ? message.body : Buffer.from(message.body.content || message.body).toString('utf8');
  const entry = waiting.get(String(message.correlation_id));
  if (!entry) {
    console.warn(`unexpected reply (correlation_id ${message.correlation_id}): ${body}`);
    return;
  }
  waiting.delete(String(message.correlation_id));
  clearTimeout(entry.timer);
  // Note: amounts above 2^53 would lose precision in JSON.parse; this example's do not.
  entry.resolve(JSON.parse(body));
});

container.on('rejected', (context) => fail(`the broker rejected a message: ${JSON.stringify(context.delivery.remote_state)}`));
container.on('connection_error', (context) => {
  const error = context.error || context.connection.get_error() || {};
  const hint = error.condition === 'amqp:unauthorized-access' ? ' (check BANK_AMQP_USER / BANK_AMQP_PASSWORD)' : '';
  fail(`connection refused by the broker: ${error.condition || ''} ${error.description || error.message || ''}${hint}`);
});
container.on('disconnected', (context) => {
  if (context.error) {
    fail(`cannot reach amqp://${host}:${port}: ${context.error.message}`);
  }
});

const connection = container.connect({ host, port, username, password, reconnect: false });
connection.open_receiver({ source: { dynamic: true } });
