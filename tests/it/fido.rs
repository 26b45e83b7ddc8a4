//! FIDO (`sk-ssh-ed25519@openssh.com`) keys: accepted in the policy, their
//! signatures verified in process and by stock `ssh-keygen -Y verify`.
//!
//! No token is at hand in CI, so the test plays the token: it holds an
//! Ed25519 key and signs what a token signs, per OpenSSH's documented
//! formats (PROTOCOL.u2f and PROTOCOL.sshsig): the SHA-256 of the
//! application, the flags byte, the counter, and the SHA-256 of the SSHSIG
//! message.

use base64::Engine;
use ed25519_dalek::Signer as _;
use sha2::{Digest, Sha256, Sha512};

use crate::common::{TestEnv, dir_of};

const ALG: &str = "sk-ssh-ed25519@openssh.com";
const APP: &str = "ssh:";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// An SSH wire string: length, then bytes.
fn string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend(u32::try_from(bytes.len()).unwrap().to_be_bytes());
    out.extend(bytes);
}

/// A token's key: the Ed25519 key inside and the public key blob.
struct Token {
    key: ed25519_dalek::SigningKey,
}

impl Token {
    fn new(seed: u8) -> Token {
        Token {
            key: ed25519_dalek::SigningKey::from_bytes(&[seed; 32]),
        }
    }

    fn blob(&self) -> Vec<u8> {
        let mut b = Vec::new();
        string(&mut b, ALG.as_bytes());
        string(&mut b, self.key.verifying_key().as_bytes());
        string(&mut b, APP.as_bytes());
        b
    }

    /// `sk-ssh-ed25519@openssh.com AAAA… fido`
    fn public_line(&self) -> String {
        format!("{ALG} {} fido", B64.encode(self.blob()))
    }

    /// `SHA256:…` as `ssh-keygen -l` prints it.
    fn fingerprint(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
        format!("SHA256:{}", b64.encode(Sha256::digest(self.blob())))
    }

    /// An armored SSHSIG over `data` in namespace `signoff`, as a token with
    /// these `flags` would make it.
    fn sign(&self, data: &[u8], flags: u8) -> String {
        let mut message = b"SSHSIG".to_vec();
        string(&mut message, b"signoff");
        string(&mut message, b"");
        string(&mut message, b"sha512");
        string(&mut message, &Sha512::digest(data));
        let counter: u32 = 7;
        let mut signed = Sha256::digest(APP.as_bytes()).to_vec();
        signed.push(flags);
        signed.extend(counter.to_be_bytes());
        signed.extend(Sha256::digest(&message));
        let sig = self.key.sign(&signed);
        let mut sig_blob = Vec::new();
        string(&mut sig_blob, ALG.as_bytes());
        string(&mut sig_blob, &sig.to_bytes());
        sig_blob.push(flags);
        sig_blob.extend(counter.to_be_bytes());
        let mut out = b"SSHSIG".to_vec();
        out.extend(1u32.to_be_bytes());
        string(&mut out, &self.blob());
        string(&mut out, b"signoff");
        string(&mut out, b"");
        string(&mut out, b"sha512");
        string(&mut out, &sig_blob);
        let text = B64.encode(out);
        let lines: Vec<&str> = text
            .as_bytes()
            .chunks(70)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN SSH SIGNATURE-----\n{}\n-----END SSH SIGNATURE-----\n",
            lines.join("\n")
        )
    }
}

/// A store where `fido` (key on a token) is a reviewer of `acme/logo`, and
/// fido's approval planted with plain git, signed as the token would.
fn approved_by_token(flags: u8) -> (TestEnv, Token, String) {
    let env = TestEnv::with_people();
    let token = Token::new(42);
    env.run(
        "alice",
        &[
            "person",
            "add",
            "fido",
            "--email",
            "fido@example.com",
            "--key",
            &token.public_line(),
        ],
    )
    .ok();
    env.request("acme/logo", "logo.svg", "<svg/>", "fido");
    let st = env.status_json("acme/logo");
    let request = st["request"].as_str().unwrap().to_string();
    let shown = env.run("alice", &["show", &request, "--json"]).ok().json();
    let id = uuid::Uuid::now_v7().to_string();
    let body = format!(
        "schema = \"signoff/decision-v1\"\nstore_id = \"{}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"acme/logo\"\ncontent = \"{}\"\ndecision = \"approve\"\nby = \"fido\"\nkey = \"{}\"\nat = \"{}\"\n",
        env.policy().store_id,
        shown["request"]["content"].as_str().unwrap(),
        token.fingerprint(),
        shown["request"]["at"].as_str().unwrap(),
    );
    let sig = token.sign(body.as_bytes(), flags);
    let path = format!("{}/{request}/decisions/{id}.toml", dir_of("acme/logo"));
    let rel = path.clone();
    env.forge("a decision signed on a FIDO token", |dir| {
        let f = dir.join(&rel);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(&f, &body).unwrap();
        std::fs::write(dir.join(format!("{rel}.sig")), &sig).unwrap();
    });
    (env, token, path)
}

/// `ssh-keygen -Y verify` of one record of the store, with the policy's
/// allowed signers; returns whether it said the signature is good.
fn ssh_keygen_accepts(env: &TestEnv, path: &str) -> bool {
    env.run(
        "alice",
        &["policy", "allowed-signers", "-o", "allowed_signers"],
    )
    .ok();
    let dir = env.repo.clone();
    std::fs::write(
        dir.join("record.toml"),
        env.git(&["show", &format!("signoff:{path}")]),
    )
    .unwrap();
    std::fs::write(
        dir.join("record.sig"),
        env.git(&["show", &format!("signoff:{path}.sig")]),
    )
    .unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ssh-keygen -Y verify -f allowed_signers -I fido -n signoff -s record.sig < record.toml")
        .current_dir(&dir)
        .output()
        .unwrap();
    out.status.success()
        && String::from_utf8_lossy(&out.stdout).contains("Good \"signoff\" signature")
}

#[test]
fn a_fido_key_signs_decisions_that_verify_here_and_with_ssh_keygen() {
    let (env, token, path) = approved_by_token(0x01);
    let signers = env.run("alice", &["policy", "allowed-signers"]).ok().stdout;
    assert!(
        signers.contains(&format!("fido namespaces=\"signoff\" {ALG} ")),
        "{signers}"
    );
    let people = env.run("alice", &["person", "list", "--json"]).ok().stdout;
    assert!(people.contains(ALG), "{people}");
    let shown = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(shown["decisions"][0]["key"], token.fingerprint());
    // In process: verified and counted.
    env.run("alice", &["verify"]).ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "approved", "{st}");
    // Stock OpenSSH agrees.
    assert!(ssh_keygen_accepts(&env, &path));
}

#[test]
fn a_fido_signature_without_the_users_touch_counts_nowhere() {
    let (env, _token, _path) = approved_by_token(0x00);
    let run = env.run("alice", &["verify"]).code(5);
    assert!(run.stdout.contains("user-presence"), "{}", run.stdout);
    assert_eq!(env.status_json("acme/logo")["state"], "pending");
    // `ssh-keygen -Y verify` checks the signature but not the touch (its
    // allowed signers file has no option for it), so signoff is the
    // stricter of the two: what it accepts, ssh-keygen accepts.
}
