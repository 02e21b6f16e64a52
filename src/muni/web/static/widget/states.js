/* muni chat widget: where the conversation's id is kept between page loads. */
Object.assign(MuniChat.prototype, {
  savedConversation() { return localStorage.getItem(storeKey); },

  saveConversation(id) { localStorage.setItem(storeKey, id); },

  forgetConversation() { localStorage.removeItem(storeKey); this.conversation = null; }
});
