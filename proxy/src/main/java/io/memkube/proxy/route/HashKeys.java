package io.memkube.proxy.route;

/** The bytes a key is hashed on: the key up to mcrouter's hash stop {@code |#|}, then the salt. */
public final class HashKeys {
  private HashKeys() {}

  public static byte[] hashed(byte[] key, byte[] salt) {
    int end = hashStop(key);
    if (salt.length == 0 && end == key.length) {
      return key;
    }
    byte[] out = new byte[end + salt.length];
    System.arraycopy(key, 0, out, 0, end);
    System.arraycopy(salt, 0, out, end, salt.length);
    return out;
  }

  private static int hashStop(byte[] key) {
    for (int i = 0; i + 2 < key.length; i++) {
      if (key[i] == '|' && key[i + 1] == '#' && key[i + 2] == '|') {
        return i;
      }
    }
    return key.length;
  }
}
