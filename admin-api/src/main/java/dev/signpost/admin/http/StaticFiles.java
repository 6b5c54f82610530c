package dev.signpost.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files shipped inside the jar under one class-path folder (the dashboard's HTML, CSS and JavaScript), found by
 * a request's path below the mount point. Only names made of plain segments ({@code app.js},
 * {@code pages/node.js}) with a known extension are looked up, so no path can leave the folder: no
 * {@code ..}, no percent-encoding, no backslash, no directory. A file is read once and kept, with its ETag;
 * only files that exist are kept, so the cache holds at most the folder.
 */
public final class StaticFiles {

  /** A name the folder may hold: segments of letters, digits, '.', '_' and '-' that do not start with a dot. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}){0,3}");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "json", "application/json");

  /** One file: its bytes, its content type, and its ETag (quoted, as the header carries it). */
  public record File(byte[] body, String contentType, String etag) {}

  private final ClassLoader loader;
  private final String folder;
  private final Map<String, File> read = new ConcurrentHashMap<>();

  /**
   * @param loader where the files are
   * @param folder their class-path folder, without a leading or trailing '/' ({@code dev/signpost/admin/ui})
   */
  public StaticFiles(ClassLoader loader, String folder) {
    if (folder.startsWith("/") || folder.endsWith("/")) {
      throw new IllegalArgumentException("folder must not start or end with '/': " + folder);
    }
    this.loader = loader;
    this.folder = folder;
  }

  /** The file called {@code name} (relative to the folder, as the URL spells it), if the folder has it. */
  public Optional<File> find(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String type = TYPES.get(extension(name));
    if (type == null) {
      return Optional.empty();
    }
    File cached = read.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = loader.getResourceAsStream(folder + "/" + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      File file = new File(body, type, etag(body));
      read.putIfAbsent(name, file);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + "/" + name + " from the class path", e);
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 || dot < name.lastIndexOf('/') ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
