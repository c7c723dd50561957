cat {dir}/cm.yaml
