/**
 * The network part: the network modes a container can have and the files that give it its name and
 * resolver ({@code /etc/hostname}, {@code /etc/hosts}, {@code /etc/resolv.conf}); bridge networks,
 * CNI plugins and port publishing come later.
 */
package io.berth.network;
