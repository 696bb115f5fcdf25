#!/usr/bin/env python3
"""Writes the corpus's small PNG figures (pure Python: zlib + struct), so they can be
regenerated and reviewed. Run from tests/corpus/: python3 make-figures.py"""
import struct, zlib

def png(path, w, h, pixel):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw.extend(pixel(x, y))
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def bars(x, y, w=600, h=360, values=(0.61, 0.17, 0.09, 0.06, 0.04, 0.03)):
    """A bar chart: one bar per value, on white, with a baseline."""
    if y >= h - 20 and y < h - 16:
        return (30, 30, 30)
    n = len(values)
    slot = w // n
    i, off = divmod(x, slot)
    if i < n and 15 < off < slot - 15:
        top = (h - 20) - int(values[i] * (h - 40) / max(values))
        if top <= y < h - 20:
            shade = 60 + 30 * i
            return (shade, 90, 160)
    return (255, 255, 255)

def valve(x, y, w=480, h=320):
    """A schematic: a pipe with a gate valve, in greys."""
    cx, cy = w // 2, h // 2
    if abs(y - cy) < 28 and (x < cx - 60 or x > cx + 60):
        return (120, 120, 120) if abs(y - cy) < 24 else (20, 20, 20)
    if abs(x - cx) < 60 and abs(y - cy) < 60:
        return (40, 40, 40) if (abs(x - cx) > 55 or abs(y - cy) > 55) else (200, 200, 200)
    if abs(x - cx) < 6 and cy - 140 < y < cy - 60:
        return (20, 20, 20)
    if abs(y - (cy - 140)) < 8 and abs(x - cx) < 70:
        return (150, 30, 30)
    return (255, 255, 255)

def gradient(x, y, w=400, h=400):
    """A sunset over water: bands of colour, for a frontispiece."""
    if y < h * 0.55:
        t = y / (h * 0.55)
        return (int(250 - 60 * t), int(180 - 120 * t), int(90 + 60 * t))
    d = ((x - w / 2) ** 2 + (y - h * 0.55) ** 2) ** 0.5
    wave = (y // 6) % 2
    return (40 + 30 * wave, 60 + 20 * wave, 110 + int(40 * (d < 60)))

def scaled(f, k):
    """The drawing f at k times its design size (figures must reach 150 dpi in print)."""
    return lambda x, y: f(x // k, y // k)

png("a4-field-report/manuscript/water-balance.png", 1200, 720, scaled(bars, 2))
png("letter-workshop-manual/manuscript/gate-valve.png", 1440, 960, scaled(valve, 3))
png("letter-workshop-manual/manuscript/leak-chart.png", 1200, 720,
    scaled(lambda x, y: bars(x, y, values=(0.9, 0.7, 0.5, 0.45, 0.3)), 2))
png("custom-6x9-sonnets/manuscript/frontispiece.png", 800, 800, scaled(gradient, 2))
