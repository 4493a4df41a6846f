package io.argosy.core.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir Path dir;

  @Test
  void sealedValuesOpenWithTheSameKeyFileOnlyAndDifferEachTime() throws Exception {
    SecretBox box = SecretBox.open(dir);
    String a = box.seal("{\"data\":{\"token\":\"c2VjcmV0\"}}");
    String b = box.seal("{\"data\":{\"token\":\"c2VjcmV0\"}}");
    assertThat(a).isNotEqualTo(b).doesNotContain("c2VjcmV0");
    assertThat(SecretBox.open(dir).open(a)).isEqualTo("{\"data\":{\"token\":\"c2VjcmV0\"}}");
    assertThat(Files.size(dir.resolve(SecretBox.KEY_FILE))).isEqualTo(32);
    assertThatThrownBy(() -> SecretBox.ephemeral().open(a)).isInstanceOf(IllegalStateException.class);
    char[] tampered = a.toCharArray();
    tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
    assertThatThrownBy(() -> box.open(new String(tampered))).isInstanceOf(IllegalStateException.class);
  }
}
