// English strings of the room's network side (same keys as vi-network.ts).

export const enNetwork = {
  network: {
    audioOnly: 'Audio only',
    audioOnlyOnLabel: 'Turn audio-only mode off and receive video again',
    audioOnlyOffLabel: 'Turn audio-only mode on: send and receive no video, to spare the line',
    mode_reduced: 'Weak connection: video quality is lowered for now.',
    mode_speaker_only: 'Weak connection: showing the current speaker only.',
    mode_audio_only: "Weak connection: audio only, with the speaker's picture.",
    cap_reduced: "This bridge point's bandwidth limit: video at lower quality.",
    cap_speaker_only: "This bridge point's bandwidth limit: showing the current speaker only.",
    cap_audio_only: "This bridge point's bandwidth limit: audio only.",
    chosen: "Audio-only mode: you hear everyone and see the speaker's picture.",
    recovers: 'Video comes back by itself when the connection improves.',
    mixed: 'Mixed audio',
    mixedBanner: 'Receiving mixed audio to save bandwidth.',
    mixedChosen: 'Mixed audio: you hear everyone in one shared audio stream.',
    mixedReconnecting: 'Reconnecting the mixed audio…',
    stillFrame: "The speaker's picture",
    quality_good: 'Good',
    quality_fair: 'Fair',
    quality_poor: 'Weak',
    quality_unknown: 'Unknown',
    qualityLabel: 'Connection of {{name}}: {{level}}',
    reconnectAttempt: 'Reconnecting… (attempt {{attempt}})',
  },
};
