/* muni chat widget: answers as text (a safe Markdown subset comes here; never raw HTML). */
