/* muni chat widget: voice mode (microphone and read-aloud) comes here. */
