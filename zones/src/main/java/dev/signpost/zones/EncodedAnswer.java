package dev.signpost.zones;

/** How many records {@link RegistryZone#encode} wrote into each section of a reply. */
public record EncodedAnswer(int answers, int additional) {}
