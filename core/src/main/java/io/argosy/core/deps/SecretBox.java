package io.argosy.core.deps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts Secrets before they reach the store: AES-256-GCM with a random 96-bit nonce per value,
 * the key in {@code secrets.key} under the data directory (created on first use, owner-only). The
 * sealed form is {@code base64(nonce || ciphertext+tag)}; tampering fails the tag check. Thread-safe.
 */
public final class SecretBox {
  public static final String KEY_FILE = "secrets.key";
  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The data directory's key, created when missing. */
  public static SecretBox open(Path dataDir) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        byte[] k = Files.readAllBytes(file);
        if (k.length != 32) {
          throw new IllegalStateException(file + " does not hold a 256-bit key");
        }
        return new SecretBox(k);
      }
      Files.createDirectories(dataDir);
      byte[] k = new byte[32];
      RANDOM.nextBytes(k);
      Path tmp = dataDir.resolve(KEY_FILE + ".tmp");
      Files.write(tmp, k);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's protection applies
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new SecretBox(k);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the secrets key " + file + ": " + e.getMessage(), e);
    }
  }

  /** A key that lives only in memory (sealed values do not survive the process). */
  public static SecretBox ephemeral() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new SecretBox(k);
  }

  public String seal(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] ct = c.doFinal(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt", e);
    }
  }

  public String open(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
      return new String(c.doFinal(all, NONCE, all.length - NONCE), java.nio.charset.StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored secret cannot be decrypted with this data directory's key", e);
    }
  }
}
