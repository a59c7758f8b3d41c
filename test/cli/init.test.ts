import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bufferIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { loadScenarioFile } from '../../scenarios/load.js';

/** `omnichaos init`: files the validator accepts, a target section, a CI job; never overwrites. */
describe('omnichaos init', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-init-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes a scenario that validate accepts, with the target, and a GitHub job', async () => {
    const dir = fresh();
    const io = bufferIo();
    expect(await main(['init', '--dir', dir], io)).toBe(0);
    const scenarioFile = join(dir, 'omnichaos', 'smoke.yaml');
    const check = bufferIo();
    expect(await main(['validate', scenarioFile], check)).toBe(0);
    expect(check.stdout.join('')).toContain('"smoke"');
    const scenario = await loadScenarioFile(scenarioFile);
    expect(scenario.target).toMatchObject({
      command: 'node server.js', // no package.json here
      env: { PORT: '8080' },
      health: 'http://127.0.0.1:8080/health',
      webhooks: { pos: 'http://127.0.0.1:8080/webhooks/square' },
    });
    const job = parse(readFileSync(join(dir, '.github/workflows/omnichaos.yml'), 'utf8'));
    const steps = job.jobs.omnichaos.steps as Array<Record<string, unknown>>;
    expect(steps.map((s) => s.run).filter(Boolean)).toContain(
      'npx omnichaos run omnichaos/smoke.yaml --out runs/omnichaos',
    );
    const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    expect(String((upload.with as { path: string }).path)).toContain('runs/omnichaos/junit.xml');
  });

  it('a second run refuses to overwrite and writes nothing', async () => {
    const dir = fresh();
    expect(await main(['init', '--dir', dir], bufferIo())).toBe(0);
    const file = join(dir, 'omnichaos', 'smoke.yaml');
    writeFileSync(file, '# mine\n' + readFileSync(file, 'utf8'));
    const io = bufferIo();
    expect(await main(['init', '--dir', dir, '--ci', 'gitlab'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/refusing to overwrite .*smoke\.yaml; nothing written/);
    expect(readFileSync(file, 'utf8')).toMatch(/^# mine\n/);
    expect(existsSync(join(dir, 'omnichaos', 'gitlab-ci.yml'))).toBe(false);
  });

  it('takes the start script, the port and a GitLab job with a JUnit report', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node app.js' } }));
    const io = bufferIo();
    expect(await main(['init', '--dir', dir, '--port', '3000', '--ci', 'gitlab'], io)).toBe(0);
    const scenario = await loadScenarioFile(join(dir, 'omnichaos', 'smoke.yaml'));
    expect(scenario.target.command).toBe('npm start');
    expect(scenario.target.health).toBe('http://127.0.0.1:3000/health');
    const job = parse(readFileSync(join(dir, 'omnichaos', 'gitlab-ci.yml'), 'utf8'));
    expect(job.omnichaos.artifacts).toMatchObject({
      when: 'always',
      reports: { junit: 'runs/omnichaos/junit.xml' },
    });
    expect(existsSync(join(dir, '.github'))).toBe(false);
  });

  it('a command with quotes survives YAML; bad flags are usage errors', async () => {
    const dir = fresh();
    const cmd = `node -e "require('./server')" --name 'a: b'`;
    expect(
      await main(['init', '--dir', dir, '--target-cmd', cmd, '--ci', 'none'], bufferIo()),
    ).toBe(0);
    expect((await loadScenarioFile(join(dir, 'omnichaos', 'smoke.yaml'))).target.command).toBe(cmd);
    const io = bufferIo();
    expect(await main(['init', '--dir', fresh(), '--ci', 'jenkins'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('--ci must be one of github, gitlab, none');
    expect(await main(['init', '--dir', fresh(), '--port', '0'], bufferIo())).toBe(2);
  });
});
