/**
 * Static zones from RFC 1035 master files ({@code --zone-file}), parsed with dnsjava and served
 * authoritatively beside the registry's zone.
 *
 * <p>Entry point: {@link dev.signpost.zones.files.StaticZones#load}. Lookups read an immutable map
 * through one volatile field; {@code reload} (the API's {@code PUT /v1/signpost/reload}, SIGHUP) swaps it
 * only when every file parses. Depends on dnsjava and nothing of the registry but service names.
 */
package dev.signpost.zones.files;
