// TerminalKit: cells, layout, keys, styles and widgets (pure Swift).
