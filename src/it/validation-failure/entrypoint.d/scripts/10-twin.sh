#!/bin/sh
echo twin
