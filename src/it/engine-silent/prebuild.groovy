// A socket that accepts and never answers: bound and listening, never read from. The kernel completes each
// connection from its backlog, so the plugin connects and then waits for an answer that never comes. The channel is
// kept in a system property, for verify.groovy to close (this JVM runs the child Maven's whole build meanwhile).
import java.nio.channels.ServerSocketChannel

def socket = new File(basedir, 'silent.sock').toPath()
java.nio.file.Files.deleteIfExists(socket)
def server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
server.bind(java.net.UnixDomainSocketAddress.of(socket))
System.properties.put('pgimage.it.engine-silent.' + socket, server)
return true
