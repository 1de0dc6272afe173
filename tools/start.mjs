#!/usr/bin/env node
// `npm start`: the whole stack on this machine. Starts its own nats-server (no anonymous access: one nkey user
// per bus identity, generated under .data/), reuses DATABASE_URL when it answers or starts an embedded PostgreSQL
// under .data/, then the development identity provider, the
// services and the gateway. Ctrl-C, SIGINT or SIGTERM (to this process or to the `npm start` that runs it: the
// script is `exec node …`, so npm signals this process directly) stops everything within 10 s. An app that dies
// is restarted with back-off (restartOnExit).
import { dataDir, prepare, root } from './prepare.mjs';

const env = process.env;
const nodeEnv = env.NODE_ENV ?? 'development';
if (!['development', 'production'].includes(nodeEnv)) {
  console.error(`NODE_ENV must be "development" or "production" for npm start (got "${nodeEnv}").`);
  process.exit(1);
}
if (nodeEnv === 'production' && !env.KEYCLOAK_URL) {
  console.error(
    'NODE_ENV=production needs KEYCLOAK_URL (with KEYCLOAK_REALM and KEYCLOAK_AUDIENCE): the development identity ' +
      'provider never runs in production.',
  );
  process.exit(1);
}

prepare();
const { installShutdownHandlers, startStack } = await import('@yiti/devstack');

console.log(`Starting Yiti (${nodeEnv})…`);
let stack;
const shutdown = async () => {
  console.log('\nStopping Yiti…');
  await stack?.stop();
};
installShutdownHandlers(shutdown, { timeoutMs: 9_000, log: (m) => console.log(`stack     │ ${m}`) });
// Whatever started us (npm, a process manager) going away stops the stack too: nothing is left serving.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
try {
  stack = await startStack({
    root,
    dataDir,
    database: env.YITI_DATABASE ?? 'yiti',
    gatewayPort: Number(env.PORT ?? 3000),
    metricsPort: Number(env.METRICS_PORT ?? 9464),
    idpPort: Number(env.DEV_IDP_PORT ?? 8080),
    output: 'inherit-prefixed',
    signingKeyFile: `${dataDir}/dev-idp-signing-key.pem`,
    seedDemoData: nodeEnv !== 'production',
    restartOnExit: true,
    nodeEnv,
    log: (m) => console.log(`stack     │ ${m}`),
    natsPort: Number(env.NATS_PORT ?? 4222),
    // The event stream as this version configures it (a service may create it, but only the operator changes it).
    provision: async ({ connect, subjectPrefix, eventsStream }) => {
      const { ensureEventStream } = await import('@yiti/events');
      const nc = await connect();
      try {
        await ensureEventStream(nc, { name: eventsStream, subjectPrefix });
      } finally {
        await nc.close();
      }
    },
    // Production mode needs TLS on the bus: a CA and certificate made for this run (docs/security.md).
    natsTls: nodeEnv === 'production',
    ...(env.DATABASE_URL ? { postgresUrl: env.DATABASE_URL } : {}),
    ...(env.KEYCLOAK_URL ? { keycloakUrl: env.KEYCLOAK_URL } : {}),
    ...(env.NATS_SUBJECT_PREFIX ? { subjectPrefix: env.NATS_SUBJECT_PREFIX } : {}),
    ...(env.EVENTS_STREAM ? { eventsStream: env.EVENTS_STREAM } : {}),
    env: {
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
      ...(env.KEYCLOAK_REALM ? { KEYCLOAK_REALM: env.KEYCLOAK_REALM } : {}),
      ...(env.KEYCLOAK_AUDIENCE ? { KEYCLOAK_AUDIENCE: env.KEYCLOAK_AUDIENCE } : {}),
    },
  });
} catch (err) {
  console.error(`\nYiti could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const realm = env.KEYCLOAK_REALM ?? 'yiti';
const tokenUrl = `${stack.idpUrl}/realms/${realm}/protocol/openid-connect/token`;
console.log(`
──────────────────────────────────────────────────────────────────────────────
 Yiti is running.

   Web portal       ${stack.gatewayUrl}/   ← open this in a browser and sign in as a demo user below

   GraphQL          ${stack.graphqlUrl}
   GraphQL IDE      ${nodeEnv === 'production' ? '(off in production)' : `open ${stack.graphqlUrl} in a browser; put the token in its headers as {"Authorization": "Bearer <token>"}`}
   Identity         ${stack.idpUrl}/realms/${realm}  ${env.KEYCLOAK_URL ? '(Keycloak)' : '(development provider — never production)'}
   Health           ${stack.gatewayUrl}/health/ready
   Metrics          ${stack.metricsUrl}  (this machine only; the checks in detail: ${stack.metricsUrl.replace(/metrics$/, 'health/ready')})
   NATS             ${stack.natsUrl}
   PostgreSQL       ${stack.databaseUrl.replace(/:[^:@/]*@/, ':***@')}

 Demo users (password: yiti-demo) — demonstration data only:
   city-chief (chief-prosecutor, proc-540500)    gongga-prosecutor (prosecutor, proc-540522)
   city-secretary (meeting-secretary)            gongga-chief (chief-prosecutor, proc-540522)
   city-auditor (records-auditor)                gongga-police (police-liaison, police-540522)
   directory-admin (directory-admin)             gongga-isco-secretary (meeting-secretary, isco-540522)
   region-chief (chief-prosecutor, proc-540000)  qushui-prosecutor / qushui-chief (proc-540124)
   gongga-secretary (meeting-secretary, proc-540522)

 Try it:
   TOKEN=$(curl -s -d grant_type=password -d client_id=yiti-portal -d username=gongga-prosecutor \\
     -d password=yiti-demo ${tokenUrl} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
   curl -s ${stack.graphqlUrl} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"query":"{ me { username organization { nameZh superior { nameZh } } } commonSuperior(first: \\"proc-540522\\", second: \\"proc-540124\\") { nameZh } }"}'
   curl -s ${stack.graphqlUrl} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"query":"{ agreementsCovering(from: \\"proc-540522\\", to: \\"proc-540124\\", businessLine: \\"criminal\\", category: \\"ecology-resources\\") { code titleZh settings { acknowledgeWithinDays decideWithinDays } } }"}'
   curl -s ${stack.graphqlUrl} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"query":"{ transferOutbox(first: 5) { items { id state receiverOrg summary legalBasis { pactCode } deadlines { deadline dueAt } } } }"}'
   curl -s ${stack.graphqlUrl} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"query":"{ meetings(first: 5) { items { title kind state startsAt } } myActionItems { description dueDate overdue } }"}'
   curl -s ${stack.graphqlUrl} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"query":"{ recordSearchByName(input: { name: \\"Tashi Tsering\\", birthDate: \\"1988-04-12\\", purpose: { code: PROSECUTION_REVIEW, caseNumber: \\"贡检刑诉〔2026〕12号\\", justification: \\"核实有无前科\\" } }) { auditId persons { maskedCitizenId names score matchReason convictionCount } } }"}'

 Ctrl-C stops everything.
──────────────────────────────────────────────────────────────────────────────`);
