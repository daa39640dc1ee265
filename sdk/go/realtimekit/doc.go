// Cloudflare RealtimeKit livestreams. The API can create and read livestreams only: any change replaces, delete forgets.
package realtimekit
