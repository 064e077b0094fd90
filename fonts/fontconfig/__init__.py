"""The fontconfig alias file that maps the official font names (仿宋_GB2312, 方正小标宋简体 …) for PDF export."""
