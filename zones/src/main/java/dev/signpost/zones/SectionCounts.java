package dev.signpost.zones;

/** How many records {@link WireRenderer#write} put into the answer and additional sections of a reply. */
public record SectionCounts(int answers, int additional) {}
