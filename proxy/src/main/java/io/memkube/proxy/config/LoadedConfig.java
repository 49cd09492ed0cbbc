package io.memkube.proxy.config;

import io.memkube.proxy.route.Router;
import java.nio.file.Path;
import java.util.Map;

/**
 * A config that loaded cleanly: its router, its pools, the text it came from (for {@code
 * __mcrouter__.config} and the md5 digest), and the files it imported with their text.
 */
public record LoadedConfig(
    Router router,
    Map<String, ServerPool> pools,
    String text,
    String md5,
    String source,
    Map<Path, String> imports) {}
