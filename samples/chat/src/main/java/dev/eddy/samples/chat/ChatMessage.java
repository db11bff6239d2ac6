package dev.eddy.samples.chat;

/**
 * One message of the room, as the room numbered it: what every subscriber receives, and the JSON
 * of each server-sent event ({@code {"id":1,"author":"ada","text":"hi","sentAt":1732570000000}}).
 *
 * @param id the room's sequence number, from 1; also the SSE event id, so a reconnecting browser
 *     asks for the messages after the last one it saw
 * @param author who posted it
 * @param text what was posted
 * @param sentAt when the room received it, in milliseconds since the epoch
 */
public record ChatMessage(long id, String author, String text, long sentAt) {}
