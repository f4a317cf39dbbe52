import { parseArgs } from 'node:util';
import { runCommand } from '../local/localRequest';
import { DEFAULT_STATE_DIR } from '../local/stateDir';
import { parseRoles } from './auth/roles';
import { startLocalWorkspace } from './localWorkspace';

const USAGE = `Usage: npm run workspace -- [--state DIR] [--port P] [--user ID] [--role ROLE ...]

Serves the case-worker workspace on http://127.0.0.1:P over the results of earlier npm start
runs (loopback only; no login: everyone on this machine acts as the local user).

  --state DIR  the local pipeline's state folder (default: ${DEFAULT_STATE_DIR})
  --port P     port on 127.0.0.1 (default: 8080; 0 picks a free one)
  --user ID    the local user's id, recorded in reviews and the access log (default: local-user)
  --role ROLE  caseworker, dpo or admin; repeat for several (default: caseworker)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      port: { type: 'string', default: '8080' },
      user: { type: 'string', default: 'local-user' },
      role: { type: 'string', multiple: true, default: ['caseworker'] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const roles = parseRoles(values.role);
  const port = Number(values.port);
  if (values.help || roles.length !== values.role.length || !Number.isInteger(port)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const workspace = await startLocalWorkspace({
    stateDir: values.state,
    port,
    user: { id: values.user, roles },
  });
  console.log(`callbrief workspace: ${workspace.url} (user ${values.user}, ${roles.join(', ')})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await workspace.stop();
  return 0;
}

runCommand('workspace', main);
