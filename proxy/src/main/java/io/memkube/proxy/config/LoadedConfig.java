package io.memkube.proxy.config;

import io.memkube.proxy.route.Router;
import java.nio.file.Path;
import java.util.Map;

/**
 * A config that loaded cleanly: its router, its pools, the text it came from (for {@code
 * __mcrouter__.config} and the md5 digest), the files it imported with their text, and the JSON it
 * came to after imports and macros ({@code __mcrouter__.preprocessed_config}).
 */
public record LoadedConfig(
    Router router,
    Map<String, ServerPool> pools,
    String text,
    String md5,
    String source,
    Map<Path, String> imports,
    String preprocessed) {

  /** A config whose text needed no preprocessing. */
  public LoadedConfig(
      Router router,
      Map<String, ServerPool> pools,
      String text,
      String md5,
      String source,
      Map<Path, String> imports) {
    this(router, pools, text, md5, source, imports, text);
  }
}
