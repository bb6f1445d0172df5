// Vietnamese strings of the room's network side: receive adaptation, audio-only mode, connection
// quality and reconnecting (merged into vi.ts; en-network.ts has the same keys).

export const viNetwork = {
  network: {
    audioOnly: 'Chỉ âm thanh',
    audioOnlyOnLabel: 'Tắt chế độ chỉ âm thanh, nhận lại hình ảnh',
    audioOnlyOffLabel: 'Bật chế độ chỉ âm thanh: không gửi và không nhận hình, tiết kiệm đường truyền',
    mode_reduced: 'Đường truyền yếu: hình ảnh tạm giảm chất lượng.',
    mode_speaker_only: 'Đường truyền yếu: chỉ hiển thị người đang nói.',
    mode_audio_only: 'Đường truyền yếu: chỉ nghe âm thanh, kèm ảnh của người đang nói.',
    cap_reduced: 'Điểm cầu giới hạn băng thông: hình ảnh ở chất lượng thấp hơn.',
    cap_speaker_only: 'Điểm cầu giới hạn băng thông: chỉ hiển thị người đang nói.',
    cap_audio_only: 'Điểm cầu giới hạn băng thông: chỉ nghe âm thanh.',
    chosen: 'Chế độ chỉ âm thanh: bạn vẫn nghe đầy đủ và thấy ảnh của người đang nói.',
    recovers: 'Hình ảnh sẽ tự trở lại khi đường truyền tốt hơn.',
    stillFrame: 'Ảnh của người đang nói',
    quality_good: 'Tốt',
    quality_fair: 'Trung bình',
    quality_poor: 'Yếu',
    quality_unknown: 'Chưa rõ',
    qualityLabel: 'Kết nối của {{name}}: {{level}}',
    reconnectAttempt: 'Đang kết nối lại… (lần thử {{attempt}})',
    mixed: 'Âm thanh gộp',
    mixedBanner: 'Đang nhận âm thanh gộp để tiết kiệm băng thông.',
    mixedChosen: 'Âm thanh gộp: bạn nghe mọi người trong một luồng âm thanh chung.',
    mixedReconnecting: 'Đang kết nối lại âm thanh gộp…',
  },
};
