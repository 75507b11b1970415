// layer-secret: a secret-like file (private keys, credentials, tokens) is COPY'd/ADD'd into a layer,
// by name or along with a directory from the build context. Reported on the COPY/ADD. Quick fix:
// drop the COPY and mount the file as a build secret on the stage's later RUNs.
import type { Instruction, Range, Stage } from '../../../../client/src/core/parser';
import { code, CopySource, firstLine, HygieneFinding, HygieneFix, HygieneRule, listed } from '../hygiene/finding';
import type { Item, LayerTimeline } from '../hygiene/timeline';
import { basename, globToRegExpSource } from '../shellExpand';

export const ID = 'layer-secret';

/** What a secret-like path is, or undefined. */
const SECRET_HINT = /id_|token|hosts\.yml|\.gem\/|\.cargo\/|\.ssh|rc$|\.env|credential|secret|service|\.aws|\.docker|\.kube|kubeconfig|pgpass|vault|gnupg|passw|passphrase|priv(ate)?[-_]?key|ssh_host_|dovecot\/|adminsdk|key\.json|cnf$|s3cfg|boto|rclone|composer\/auth|\.(p12|pfx|jks|keystore|ppk|key|pem|p8|keytab)$/i;

/**
 * What the rule knows as secrets, as data: one row per kind, tested in order on the file's name
 * (lower case) and path, each with paths it must report and paths it must not (test/unit/server/
 * ruleTables.test.ts runs every row). Public keys, known_hosts and authorized_keys are never secrets.
 */
export interface SecretRow {
  kind: string;
  match: (name: string, path: string) => boolean;
  reported: string[];
  silent: string[];
}

/** Whose or what kind of credential a token file is, as the word before `token` in its name (see the token row). */
const TOKEN_OWNER = 'access|auth|api|bearer|oauth2?|refresh|id|session|personal[-_]?access|pat|deploy|ci|bot|app|client|service[-_]?account|sa|admin|root|master|private|registry|vault|'
  + 'gh|github|gitlab|bitbucket|gitea|hf|huggingface|npm|pypi|docker|dockerhub|quay|ghcr|slack|discord|telegram|k8s|kube|kubernetes|cluster|aws|gcp|azure|cloudflare|do|digitalocean|'
  + 'heroku|netlify|vercel|sentry|codecov|sonar|snyk|openai|anthropic|stripe|twilio|jenkins|circleci|travis|artifactory|nexus|pulumi|terraform|tf|consul|nomad|ngrok|tailscale|datadog|grafana';
/** `token`, `.x_token`, or `<owner>token` with an optional prefix and extension (`prod-github-token.txt`). */
const TOKEN_FILE = new RegExp(`^(\\.[\\w.-]*[-_.]?|([\\w.-]*[-_.])?(${TOKEN_OWNER})[-_.]?)?token(\\.(txt|json|secret|key|env|conf))?$|^(${TOKEN_OWNER})\\.token$`);

/**
 * `secret`/`secrets` as a word of a name with no extension or a data file's one (see the `a secret file` row).
 * The words after it are written `[-_.][\w-]+(\.[\w-]+)*`, not `([-_.][\w-]+)*`: that one splits a run of
 * `-`/`_` in exponentially many ways and hangs on `secret-----…!` (diagnostics run per keystroke).
 */
const SECRET_WORD = /(^|[-_.])secrets?([-_.][\w-]+(\.[\w-]+)*)?(\.(json|ya?ml|toml|env|txt|ini|conf|cfg|properties|key|b64|bin|dat|xml))?$/;
/** Names with a secret word that are not secrets: examples, tooling and public things. */
const SECRET_NOT = /(^|[-_.])(example|sample|template|dummy|fake|mock|placeholder|public|pub|test|tests|spec|docs?|readme|manager|scanner|scan|lint|baseline|rotation|santa|cli|tool|tools|operator|controller|agent|injector|driver|helper|plugin|webhook|exporter)([-_.]|$)|secretlint|\.(py|js|mjs|cjs|ts|go|rb|php|java|kt|rs|c|h|cc|cpp|cs|sh|md|rst|html|css|scss|vue|jsx|tsx|lock|baseline|png|jpe?g|gif|svg|ico|webp)$/;

/**
 * Password files by name: `password`, `passphrase` or `passwd` as a word of the name (`db-password.txt`,
 * `connect.password`, `basic_auth_password`, postfix's `sasl_passwd`, dovecot's `users.passwd`,
 * `.passwd-s3fs`), or `htpasswd`/`vncpasswd` files. Not the user database: `passwd` alone (and its
 * backup `passwd-`) is `/etc/passwd` or nss_wrapper's copy of it, as are `passwd` names with a word of
 * the system's (`etc-passwd`, `passwd.minimal`); a COPY to `/etc/passwd` or `/etc/group` is never a
 * secret (copySource). `passwd` alone is a password only in a VNC folder (`~/.vnc/passwd`, made by
 * `vncpasswd`/`x11vnc -storepasswd`). Not source, documents or examples (SECRET_NOT), not a
 * sudoers drop-in (`nopasswd`), not files about passwords (`password-policy.json`, `password_reset.txt`).
 */
const PASSWORD_WORD = /(^|[-_.])(passwords?|passphrases?|passwd|htpasswd|vncpasswd)([-_.]|$)/;
const PASSWORD_NOT = /(^|[-_.])(nopasswd|etc|nss|nsswitch|system|minimal|base|group|shadow|policy|policies|reset|forgot|change|strength|validator|validation|generator|rules|quality|expiry|recovery|prompt|form|field)([-_.]|$)/;
const passwordFile = (n: string, p: string) => (n !== 'passwd' && n !== 'passwd-' && PASSWORD_WORD.test(n) && !PASSWORD_NOT.test(n) && !SECRET_NOT.test(n))
  || /(^|\/)\.?vnc\/passwd$/.test(p);
/** A private key by name (WireGuard's `privatekey`, `server_privatekey`, `jwt-private-key`, `private_key.txt`, `signing.privkey`). */
const PRIVATE_KEY_WORD = /(^|[-_.])(private[-_]?keys?|privkey|priv[-_]key)([-_.]|$)/;
/** Words of a `.key` file's stem that say it is a public key (a package repository's or release's signing key). */
const PUBLIC_KEY_WORD = /(^|[-_.])(pub|public|pubkey|publickey|gpg|pgp|asc|armor|armored|keyrings?|repo|repos|repository|apt|yum|rpm|archive|release|releases)([-_.]|$)/;
/** Folders package managers read repository public keys from (apt, dnf/yum/rpm). */
const KEYRING_DIR = /(^|\/)(etc\/apt\/(trusted\.gpg\.d|keyrings)|usr\/share\/keyrings|etc\/pki\/rpm-gpg)\//;
/** A certificate, CSR or public key: never a secret, wherever it sits (the secrets-folder row). */
const CERT_NAME = /\.(crt|cer|csr|der|pub|asc|gpg)$|(^|[-_.])(cert|certs|certificate|chain|fullchain|ca|bundle|public|pub|publickey|trust|truststore|dhparam|known_hosts|authorized_keys)([-_.]|$)/;
/** What sits in a folder beside secrets without being one: VCS and editor keep-files, documents. */
const FOLDER_NOT = /^(\.gitkeep|\.keep|\.gitignore|readme([-_.].*)?|license|notice|makefile)$/;

export const SECRET_TABLE: readonly SecretRow[] = [
  { kind: 'an SSH private key', match: (n) => /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(n), reported: ['id_rsa', 'keys/id_ed25519', '/root/.ssh/id_ecdsa_sk'], silent: ['id_rsa.pub', 'id_rsa_backup.txt'] },
  { kind: 'an SSH directory with its private keys', match: (_n, p) => /(^|\/)\.ssh$/.test(p), reported: ['.ssh', '/root/.ssh/'], silent: ['ssh', 'config.ssh.txt'] },
  { kind: 'a file from an SSH directory', match: (n, p) => /(^|\/)\.ssh\/[^/]+$/.test(p) && !/^(config|environment)$/.test(n), reported: ['.ssh/deploy', '/home/app/.ssh/github'], silent: ['.ssh/config', '.ssh/known_hosts', '.ssh/authorized_keys', '.ssh/deploy.pub'] },
  { kind: 'an npm config, which holds registry tokens', match: (n) => n === '.npmrc', reported: ['.npmrc', '/root/.npmrc'], silent: ['npmrc.example'] },
  { kind: 'a PyPI config, which holds upload credentials', match: (n) => n === '.pypirc', reported: ['.pypirc'], silent: [] },
  { kind: 'a .netrc, which holds login credentials', match: (n) => n === '.netrc' || n === '_netrc', reported: ['.netrc', '_netrc'], silent: [] },
  { kind: 'an environment file, usually secrets', match: (n) => n === '.env' || (/^\.env\.[a-z0-9_.-]+$/.test(n) && !/\.(example|sample|template|dist|defaults?|tmpl|schema)$/.test(n)), reported: ['.env', '.env.production', 'deploy/.env.staging'], silent: ['.env.example', '.env.sample', '.env.template', 'env.py'] },
  { kind: 'a credentials file', match: (n) => /credentials?[\w.-]*\.json$/.test(n) || /^client_secrets?([_-][\w.-]+)?\.json$/.test(n), reported: ['credentials.json', 'gcp-credentials.json', 'ci-credentials-prod.json', 'client_secret_123.json'], silent: ['credentials.md', 'credential-helper.sh', 'credentials.example.json', 'credentials.json.dist'] },
  // a GCP service-account key is JSON named for the account (`deployer-service-account.json`, `ci_serviceaccount_key.json`)
  { kind: 'a service-account key', match: (n) => /(^|[-_.])service[-_]?account[\w.-]*\.json$/.test(n) || /(^|[-_.])(sa[-_.]?)?key\.json$/.test(n) || /^(gcp|gcloud|google|firebase)[-_][\w.-]*(key|sa|adminsdk)[\w.-]*\.json$/.test(n), reported: ['service-account.json', 'serviceAccountKey.json', 'sa-key.json', 'key.json', 'firebase-adminsdk-x1.json', 'deployer-service-account.json', 'keys/ci_serviceaccount.json', 'prod.service-account-key.json'], silent: ['monkey.json', 'keyboard.json', 'service.json', 'services.json', 'account.json', 'user-account.json', 'service-account.yaml'] },
  { kind: 'a kubeconfig with cluster credentials', match: (n, p) => n === 'kubeconfig' || /^kubeconfig[-_.][\w.-]+$/.test(n) || /\.kubeconfig$/.test(n) || /(^|\/)\.kube\/config$/.test(p), reported: ['kubeconfig', 'staging.kubeconfig', 'kubeconfig-prod.yaml', '/root/.kube/config'], silent: ['kube-config-docs.md'] },
  { kind: 'a password file', match: passwordFile,
    reported: ['.htpasswd', 'auth/htpasswd', 'db-password.txt', 'config/smtp-password.txt', 'basic_auth_password', 'sasl_passwd', '/etc/postfix/sasl_passwd.db', 'users.passwd', 'ldap-admin-password.txt', 'connect.password', '.passwd-s3fs', 'password', '.password', 'gpg-passphrase.txt', 'admin.htpasswd', 'vncpasswd', 'vnc/passwd', '/home/desk/.vnc/passwd', 'redis_passwords.json'],
    silent: ['passwd', 'etc/passwd', '/etc/passwd', 'passwd-', 'etc-passwd', 'passwd.minimal', 'group', 'shadow', 'wheel-nopasswd', 'password.py', 'reset-password.html', 'passwords.md', 'password-policy.json', 'password_reset.txt', 'password.example', 'password.txt.sample', 'test-password.txt', 'passwordless.conf', 'compass.json', 'bypass.txt'] },
  // dovecot's passwd-file at its usual places (`passdb { driver = passwd-file; args = /etc/dovecot/users }`)
  { kind: 'a Dovecot passwd-file', match: (_n, p) => /(^|\/)dovecot\/(users|passwd)$/.test(p), reported: ['/etc/dovecot/users', 'dovecot/passwd'], silent: ['/etc/dovecot/dovecot.conf', '/etc/dovecot/users.d'] },
  // OpenSSH's host private keys (`ssh-keygen -A` writes /etc/ssh/ssh_host_<type>_key and .pub): anyone with
  // one can impersonate the server; the `.pub` halves are public (excluded before the table)
  { kind: 'an OpenSSH host private key', match: (n) => /^ssh_host_([a-z0-9]+_)?key$/.test(n), reported: ['ssh_host_ed25519_key', 'host_keys/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', 'ssh_host_key'], silent: ['ssh_host_ed25519_key.pub', 'ssh_host_keys.md', 'sshd_config'] },
  { kind: 'AWS credentials', match: (_n, p) => /(^|\/)\.aws\/credentials$/.test(p) || /(^|\/)\.aws$/.test(p), reported: ['.aws', '/root/.aws/credentials'], silent: ['.aws/config', 'aws.txt'] },
  { kind: 'Docker registry credentials', match: (n, p) => /(^|\/)\.docker\/config\.json$/.test(p) || n === '.dockercfg', reported: ['/root/.docker/config.json', '.dockercfg'], silent: ['docker/config.json.md'] },
  { kind: 'git credentials', match: (n) => n === '.git-credentials', reported: ['.git-credentials'], silent: ['.gitconfig'] },
  { kind: 'a PostgreSQL password file', match: (n) => n === '.pgpass', reported: ['.pgpass', '/root/.pgpass'], silent: [] },
  { kind: 'a Vault token', match: (n) => n === '.vault-token', reported: ['.vault-token'], silent: ['vault.hcl'] },
  { kind: 'a GnuPG home with private keys', match: (_n, p) => /(^|\/)\.gnupg(\/|$)/.test(p), reported: ['.gnupg', '/root/.gnupg/private-keys-v1.d'], silent: ['gnupg.conf'] },
  { kind: 'a key store', match: (n) => /\.(p12|pfx|jks|keystore|ppk)$/.test(n), reported: ['server.p12', 'cert.pfx', 'service.jks', 'release.keystore', 'putty.ppk'], silent: ['keystore.md'] },
  // Apple's and other PKCS#8 private keys (`AuthKey_ABC123.p8`), Kerberos keytabs (a service's long-term keys)
  { kind: 'a PKCS#8 private key or a Kerberos keytab', match: (n) => /\.(p8|keytab)$/.test(n), reported: ['AuthKey_ABC123XYZ.p8', '/etc/krb5.keytab', 'svc-http.keytab'], silent: ['p8.md', 'keytab.txt'] },
  // client configs whose usual content is a password or token: MySQL's ~/.my.cnf, s3cmd's ~/.s3cfg,
  // boto's ~/.boto, Terraform's CLI config with its credentials blocks, rclone's remotes, Composer's
  // auth.json in its home (GitHub/GitLab tokens, HTTP basic auth), a Kubernetes docker-config secret
  { kind: 'a client config holding credentials', match: (n, p) => n === '.my.cnf' || n === '.s3cfg' || n === '.boto' || n === '.terraformrc' || n === 'terraform.rc' || n === '.dockerconfigjson'
      || /(^|\/)\.config\/rclone\/rclone\.conf$/.test(p) || /(^|\/)(\.composer|\.config\/composer)\/auth\.json$/.test(p),
    reported: ['.my.cnf', '/root/.my.cnf', '.s3cfg', '/root/.boto', '.terraformrc', '/root/.config/rclone/rclone.conf', '/root/.composer/auth.json', '/home/app/.config/composer/auth.json', '.dockerconfigjson'],
    silent: ['my.cnf', '/etc/mysql/my.cnf', 'conf.d/mysqld.cnf', 'rclone.conf.md', 'auth.json', 'src/i18n/auth.json', 'boto.cfg.md'] },
  // `*.key` is a private key (TLS, a server's signing key: Synapse's `homeserver.signing.key`, `jwt-signing.key`)
  // unless a word of its name says it is a package repository's public key (`repo.key`, `Release.key`,
  // `nodesource.gpg.key`); words, not substrings (`laptop.key`, `publisher.key`, `design.key` are keys)
  { kind: 'a private key', match: (n, p) => /\.key$/.test(n) && !PUBLIC_KEY_WORD.test(n.slice(0, -4)) && !KEYRING_DIR.test(p),
    reported: ['server.key', 'tls/site.key', 'private.key', 'homeserver.signing.key', 'config/matrix.example.org.signing.key', 'jwt-signing.key', 'laptop.key', 'publisher.key', 'design.key', 'reporting.key'],
    silent: ['repo.key', 'apt-archive.key', 'release-signing.key', 'public.key', 'Release.key', 'nodesource.gpg.key', 'docker-archive-keyring.key', 'vendor-pubkey.key', '/usr/share/keyrings/vendor_signing.key', '/etc/apt/trusted.gpg.d/nginx_signing.key', '/etc/pki/rpm-gpg/vendor.key'] },
  { kind: 'a PEM file, typically a private key', match: (n, p) => /\.pem$/.test(n) && !/(cert|crt|chain|^ca[-_.]|[-_.]ca[-_.]|bundle|root|pub|trust|dhparam|^dh\d*[-_.]|param)/.test(n) && !/\/(ca-certificates|certs)\//.test(p), reported: ['privkey.pem', 'app-private.pem', 'key.pem'], silent: ['cert.pem', 'fullchain.pem', 'ca.pem', 'dhparam.pem', 'dh2048.pem', '/etc/ssl/certs/internal.pem', '/usr/local/share/ca-certificates/corp.pem', 'ca-bundle.pem', 'public.pem'] },
  { kind: 'a private key file', match: (n) => PRIVATE_KEY_WORD.test(n) && !SECRET_NOT.test(n) && !CERT_NAME.test(n),
    reported: ['privatekey', 'keys/server_privatekey', '/etc/wireguard/privatekey', 'wg0.privatekey', 'private_key', 'private-key.txt', 'jwt-private-key', 'signing.privkey', 'private_keys', 'gpg-private-key.b64'],
    silent: ['publickey', 'server_publickey', 'private_key.py', 'private-key.md', 'private_key.pub', 'private-key-example.txt', 'privatekeyfile.go', 'test_private_key'] },
  // tokens kept in a file: the Hugging Face CLI's token (~/.cache/huggingface/token, formerly
  // ~/.huggingface/token), the GitHub CLI's hosts.yml, RubyGems' and Cargo's API-key files, and
  // files named as a token (`hf_token.txt`, `github-token`, Google's OAuth `token.json`); source
  // files and tokenizer data (`token.go`, `tokenizer.json`, `tokens.css`) are not
  { kind: 'a Hugging Face access token', match: (_n, p) => /(^|\/)(\.cache\/huggingface|\.huggingface)\/(token|stored_tokens)$/.test(p), reported: ['/root/.cache/huggingface/token', '/home/user/.huggingface/token', '.cache/huggingface/stored_tokens'], silent: ['/root/.cache/huggingface/hub', '.cache/huggingface/tokenizer.json'] },
  { kind: 'the GitHub CLI\'s hosts.yml, which holds OAuth tokens', match: (_n, p) => /(^|\/)\.config\/gh\/hosts\.yml$/.test(p), reported: ['/root/.config/gh/hosts.yml', '.config/gh/hosts.yml'], silent: ['hosts.yml', '.config/gh/config.yml', 'ansible/hosts.yml'] },
  { kind: 'a RubyGems or Cargo API key file', match: (_n, p) => /(^|\/)\.gem\/credentials$/.test(p) || /(^|\/)\.cargo\/credentials(\.toml)?$/.test(p), reported: ['/root/.gem/credentials', '.cargo/credentials', '/usr/local/cargo/.cargo/credentials.toml'], silent: ['.cargo/config.toml', '.gem/specs'] },
  // A file named as a token is a credential only when its name says whose or what kind: `token` alone,
  // a hidden `.<x>token` file (`.gh_token`, `.npm-token`), or a credential kind or service before
  // `token` (TOKEN_OWNER). Other `<word>_token` files are data: a web app's `csrf_token.txt`, a
  // tokenizer's `bos_token.txt` or `special_token.json`, `token_list.json`.
  { kind: 'a token file', match: (n) => TOKEN_FILE.test(n), reported: ['hf_token.txt', 'token', 'token.txt', 'github-token', '.gh_token', '.npm-token', 'api-token.txt', 'token.json', '/var/run/secrets/kubernetes.io/serviceaccount/token', 'access_token', 'prod-github-token.txt', 'deploy_token', 'slack-bot-token.json', 'gitlab-ci-token', 'npm_auth_token.txt', 'refresh-token.json', 'openai.token'], silent: ['token.go', 'tokenizer.json', 'tokens.css', 'token.js', 'tokens.json', 'special_tokens_map.json', 'tokenizer_config.json', 'token.py', 'token.pub', 'token.md', 'csrf_token.txt', 'token_list.json', 'bos_token.txt', 'special_token.json', 'pad-token.json', 'next_token.json', 'xsrf-token.txt', 'eos_token'] },
  { kind: 'a secrets file', match: (n) => /^(secrets?|credentials?)\.(json|ya?ml|env|txt|ini|toml)$/.test(n), reported: ['secrets.json', 'config/secrets.yml', 'secret.env', 'credentials.toml'], silent: ['secrets.md', 'secret_santa.py', 'secrets.sample.yml', 'secrets.yml.template'] },
  // `secret` as a word of a data file's name: a cookie or signing secret (`jupyterhub_cookie_secret`,
  // `app.secret`), a secrets config (`secrets.toml`, `prod-secrets.yaml`), an OAuth client secret
  // (`client_secret.json`). Not source code or documents (`secret_santa.py`, `secrets.md`), not examples
  // (EXAMPLE_NAME, and a `dummy`/`fake`/`example` word), and not public or tooling files named after
  // secrets (`.secrets.baseline` of detect-secrets, `secret-scanner.yml`, `secretlint.json`).
  { kind: 'a secret file', match: (n) => SECRET_WORD.test(n) && !SECRET_NOT.test(n), reported: ['jupyterhub_cookie_secret', 'secrets.conf', 'prod-secrets.yaml', 'app.secret', 'cookie-secret.txt', 'jwt_secret', '.secret', 'django-secret-key.txt', 'oauth_client_secret.json', 'secret'],
    silent: ['secret_santa.py', 'secrets.md', 'secret.go', 'secrets_test.go', 'secret-manager.js', '.secrets.baseline', 'secretlint.json', 'secret-scanner.yml', 'dummy_secret.txt', 'fake-secrets.json', 'example-secrets.yaml', 'secret.html', 'secret.min.js', 'secret_public.pem', 'secrets-store-csi-driver', 'secret-cli', 'vault-secrets-operator', 'secrets-webhook.yaml'] },
  // a file in a folder named for secrets, in the context (`secrets/connect.password`, `.secrets/db`) or at
  // the destination (`/run/secrets/...`, Docker's and Kubernetes' secret mounts, `/etc/kafka/secrets/...`),
  // when its name is a data file's: not code or documents, examples, certificates or public keys
  { kind: 'a file from a secrets folder', match: (n, p) => /(^|\/)\.?secrets?\/(.+\/)?[^/]+$/.test(p) && !SECRET_NOT.test(n) && !CERT_NAME.test(n) && !FOLDER_NOT.test(n),
    reported: ['secrets/connect.properties', '/etc/kafka/secrets/kafka.keystore.pw', '.secrets/db', '/run/secrets/api', '/var/run/secrets/app/db_url', 'deploy/secrets/prod.conf', 'secret/admin.txt'],
    silent: ['secrets/ca.crt', 'secrets/README.md', 'secrets/.gitkeep', '/run/secrets/server-cert.pem', 'secrets/id_rsa.pub', 'secrets/app.example', 'secrets/loader.py', 'secrets/publickey', 'app/secret_santa/data.json'] },
];

/**
 * A file named as an example, template or sample of a config (`.env.example`, `app.conf.sample`,
 * `settings.template`, `phpunit.xml.dist`, `credentials.example.json`): its content is the example's,
 * whatever a COPY names the destination (`COPY .env.example ./.env` is not a secret).
 */
const EXAMPLE_NAME = /\.(example|sample|template|tmpl|dist|defaults?|schema)$|\.(example|sample|template)\.[a-z0-9]+$/;
const exampleName = (p: string) => EXAMPLE_NAME.test(basename(p.replace(/\/+$/, '')).toLowerCase());

export function secretKind(p: string): string | undefined {
  if (!SECRET_HINT.test(p)) return undefined;
  const path = p.replace(/\/+$/, '');
  const name = basename(path).toLowerCase();
  if (!name || /\.pub$/.test(name) || /^(known_hosts|authorized_keys)/.test(name) || EXAMPLE_NAME.test(name)) return undefined;
  return SECRET_TABLE.find((row) => row.match(name, path))?.kind;
}

/**
 * Environment variables whose value is the path of a credentials file, by the tools' documented meaning:
 * Google's Application Default Credentials (a service-account key), the AWS CLI's shared credentials
 * file, kubectl's kubeconfig, libpq's password file. A COPY to the path an ENV or ARG of the
 * Dockerfile gives one of them puts that credential into the image, whatever the file is called.
 */
export const CREDENTIAL_ENV: Readonly<Record<string, string>> = {
  GOOGLE_APPLICATION_CREDENTIALS: 'a Google service-account key (GOOGLE_APPLICATION_CREDENTIALS names it)',
  CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: 'a Google Cloud SDK credential file (CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE names it)',
  AWS_SHARED_CREDENTIALS_FILE: 'AWS credentials (AWS_SHARED_CREDENTIALS_FILE names the file)',
  KUBECONFIG: 'a kubeconfig with cluster credentials (KUBECONFIG names it)',
  PGPASSFILE: 'a PostgreSQL password file (PGPASSFILE names it)',
};

/** Secret-like files a context directory (or glob) source brings along, unless .dockerignore excludes them. */
export const CONTEXT_SECRETS = ['.env', '.env.local', '.env.production', '.npmrc', '.pypirc', '.netrc', '.git-credentials', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'credentials.json', '.aws/credentials', '.docker/config.json', '.ssh/id_rsa', '.ssh/id_ed25519'];

/** The build context as the walker sees it: what is at a path, and whether .dockerignore drops it. */
export interface ContextView {
  onDisk(rel: string): 'file' | 'dir' | null;
  ignores(rel: string): boolean;
}

export function contextSecrets(context: ContextView, src: string): Array<{ rel: string; kind: string }> {
  const clean = src.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const glob = /[*?[]/.test(clean);
  const dirSrc = !glob && (clean === '' || clean === '.' || src.endsWith('/') || context.onDisk(clean) === 'dir');
  if (!glob && !dirSrc) return [];
  const out: Array<{ rel: string; kind: string }> = [];
  const base = dirSrc && clean !== '.' ? clean : '';
  const re = glob ? new RegExp(`^${globToRegExpSource(clean)}$`) : undefined;
  for (const name of CONTEXT_SECRETS) {
    const rel = base ? `${base}/${name}` : name;
    if (re && !re.test(rel)) continue;
    if (context.ignores(rel)) continue;
    if (context.onDisk(rel) !== 'file') continue;
    out.push({ rel, kind: secretKind(rel) ?? 'a secret-like file' });
  }
  return out;
}

/**
 * `COPY .npmrc /root/.npmrc` then RUNs: drop the COPY and mount the file as a build secret at the same
 * path on each later RUN of the stage (only when nothing removes it later: a mounted file cannot be).
 */
function secretMountFix(stage: Stage, copy: Instruction, item: Item, src: string): HygieneFix[] | undefined {
  if (!item.alive) return undefined;
  const after = stage.instructions.slice(stage.instructions.indexOf(copy) + 1);
  const runs = after.filter((i) => i.keyword === 'RUN');
  if (!runs.length) return undefined;
  const id = basename(src).replace(/^\.+/, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'secret';
  const flag = `--mount=type=secret,id=${id},target=${item.path}`;
  const edits: Array<{ range: Range; newText: string }> = [
    { range: { start: { line: copy.startLine, character: 0 }, end: { line: copy.endLine + 1, character: 0 } }, newText: '' },
  ];
  for (const r of runs) {
    const at = r.flags[0]?.range.start ?? r.argsRange?.start;
    if (!at) return undefined;
    edits.push({ range: { start: at, end: at }, newText: `${flag} ` });
  }
  return [{ kind: 'edits', title: `Mount ${src} as a build secret on the later RUNs instead of copying it (build with --secret id=${id},src=${src})`, edits }];
}

/** `rel` (from the context root) as it lands under a directory source's destination. */
function relUnder(src: string, rel: string): string {
  const base = src.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return base && base !== '.' && rel.startsWith(`${base}/`) ? rel.slice(base.length + 1) : rel;
}

/** The user and group databases (no passwords since shadow passwords; `/etc/shadow` is not matched by name). */
const USER_DB = /(^|\/)etc\/(passwd|group)-?$/;

/** Why a copied secret matters, and the remedy: every layer-secret message says both. */
const READABLE = 'anyone who can pull the image can read it from this layer, even if a later instruction deletes it.';
const TO_THE_RUN = 'only to the RUN that needs it with RUN --mount=type=secret,id=...';

/** Single-source copies of secrets in the stage being walked: candidates for the secret-mount fix. */
const pending = new WeakMap<LayerTimeline, Array<{ finding: HygieneFinding; item: Item; src: string }>>();

export const layerSecret: HygieneRule = {
  id: ID,
  description: 'A secret-like file is copied into a layer',
  copySource(c: CopySource) {
    const { inst, src, item } = c;
    const kw = inst.keyword;
    // the destination's name speaks only for a source whose name says nothing (`COPY deploy-key ./id_rsa`),
    // never for an example's (`COPY .env.example ./.env`)
    // a file copied to the user database (`COPY --from=build /etc/passwd.app /etc/passwd`) is the user database
    const userDb = !!item && USER_DB.test(item.path);
    // a key copied where apt or rpm read repository public keys is one (`COPY nginx_signing.key /usr/share/keyrings/`)
    const keyring = !!item && KEYRING_DIR.test(item.path);
    const kind = userDb || keyring ? undefined : secretKind(src) ?? (item && item.path !== src && !exampleName(src) ? secretKind(item.path) : undefined)
      ?? (item && !item.re && !exampleName(src) ? c.credentialFiles?.get(item.path) : undefined);
    if (kind) {
      const ssh = /SSH/.test(kind);
      const at = item && item.path !== src ? ` as ${code(item.path)}` : '';
      const message = `This ${kw} puts ${code(src)} (${kind}) into the image${at}: ${READABLE} `
        + `Give it ${TO_THE_RUN}${ssh ? ' (or --mount=type=ssh for SSH keys)' : ''} instead.${c.measured(inst)}`;
      const finding: HygieneFinding = { code: ID, message, range: firstLine(inst), inst, paths: item && !item.weak ? [item.path] : undefined };
      c.report(finding);
      if (item && !item.re && !item.weak && c.single && c.from === undefined && !c.heredoc && !c.remote) {
        let list = pending.get(c.timeline);
        if (!list) pending.set(c.timeline, (list = []));
        list.push({ finding, item, src });
      }
    } else if (c.from === undefined && !c.heredoc && !c.remote) {
      const found = c.contextSecrets();
      if (found.length) {
        const under = item?.path ?? c.dest;
        const message = `This ${kw} takes ${listed(found.map((f) => f.rel))} from the build context along with ${code(src)} (${found[0].kind}${found.length > 1 ? ' and more' : ''}) into the image under ${code(under)}: ${READABLE} `
          + `Add it to .dockerignore, and give it ${TO_THE_RUN} instead.${c.measured(inst)}`;
        c.report({ code: ID, message, range: firstLine(inst), inst, paths: found.map((f) => `${under === '/' ? '' : under}/${relUnder(src, f.rel)}`) });
      }
    }
  },
  copyExtra(c) {
    const extra: Array<{ src: string; kind: string }> = [];
    for (const src of c.srcs) {
      // only the cheap name check: secretKind's first test is one regular expression
      const kind = /^<<-?/.test(src) ? undefined : secretKind(src);
      if (kind) extra.push({ src, kind });
    }
    if (!extra.length) return;
    const kw = c.inst.keyword;
    const message = `This ${kw} also puts ${listed(extra.map((e) => e.src))} (${extra[0].kind}${extra.length > 1 ? ' and more' : ''}) into the image under ${code(c.dest)}: ${READABLE} `
      + `Give it ${TO_THE_RUN} instead.${c.measured(c.inst)}`;
    c.report({ code: ID, message, range: firstLine(c.inst), inst: c.inst });
  },
  afterStage({ timeline, stage }) {
    for (const sec of pending.get(timeline) ?? []) sec.finding.fixes = secretMountFix(stage, sec.finding.inst, sec.item, sec.src);
    pending.delete(timeline);
  },
};
